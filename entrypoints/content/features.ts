/**
 * The page's features, in the order the controller calls them and their controls sit in a card's
 * bar. A new feature is a file in lib/features/ returning a PageFeature, and one line here.
 */
import type { Page, PageFeature } from '@/lib/content/page-feature';
import { keyboardFeature } from '@/lib/features/keyboard';
import { notesFeature } from '@/lib/features/notes';
import { rulesFeature } from '@/lib/features/rules';
import { seenFeature } from '@/lib/features/seen';
import { starFeature } from '@/lib/features/star';
import { tagsFeature } from '@/lib/features/tags';

export function pageFeatures(page: Page): PageFeature[] {
  const rules = rulesFeature(page);
  const seen = seenFeature(page);
  const star = starFeature(page);
  const tags = tagsFeature(page, rules, seen);
  const notes = notesFeature(page);
  const keyboard = keyboardFeature(page, {
    toggleStar: star.toggle,
    openTagEditor: tags.openEditor,
    removeTag: tags.removeTag,
    hide: (id) => tags.filter.hide(id),
    unhide: (id) => tags.filter.unhide(id),
    editNote: (id) => notes.edit(id, () => star.ensureSaved(id)),
    ruleFromSelection: rules.fromSelection,
    isNew: seen.isNew,
  });
  return [rules, seen, star, tags, notes, keyboard];
}
