/**
 * What a Daily Papers page rarely needs, in a chunk of its own that the content script loads the
 * first time it is used (load-on-demand.ts): the `?` overlay, the tag editor, the note editor and
 * quick rules from a selection. Built as one self-contained ES module (modules/on-demand-chunk.ts):
 * Chrome serves it from a per-session URL (use_dynamic_url), under which a module cannot import
 * another of the extension's files.
 */
export { openHelp } from '../features/help-overlay';
export { openTagEditor } from '../features/tag-editor';
export { openPageNote } from '../features/page-note';
export { addRuleFromSelection } from '../features/quick-rule';
