/**
 * The page's features, in the order the controller calls them and their controls sit in a card's
 * bar. A new feature is a file in lib/features/ returning a PageFeature, and one line here.
 */
import type { Page, PageFeature } from '@/lib/content/page-feature';
import { keyboardFeature } from '@/lib/features/keyboard';
import { notesFeature } from '@/lib/features/notes';
import { rulesFeature } from '@/lib/features/rules';
import { seenFeature } from '@/lib/features/seen';
import { dismissalsFeature } from '@/lib/features/dismissals';
import { starFeature } from '@/lib/features/star';
import { tagsFeature } from '@/lib/features/tags';
import { forYouFeature } from '@/lib/features/for-you';
import { viewTexts } from '@/lib/content/paper-text';

export function pageFeatures(page: Page): PageFeature[] {
  const rules = rulesFeature(page);
  // The view's papers' texts, for what the For you model learns and scores (issue #17).
  const texts = viewTexts(page);
  const seen = seenFeature(page, texts);
  const dismissals = dismissalsFeature(page, seen.ledger, texts);
  const star = starFeature(page);
  const tags = tagsFeature(page, rules, seen);
  const notes = notesFeature(page);
  const forYou = forYouFeature(page, tags, texts);
  tags.filter.forYou = forYou;
  tags.suggestedTag = forYou.suggestionFor;
  const keyboard = keyboardFeature(page, {
    toggleStar: star.toggle,
    openTagEditor: tags.openEditor,
    removeTag: tags.removeTag,
    // A lasting dismissal folds the card on every view; with the setting off, it leaves this view only.
    hide: (id) => {
      if (!dismissals.dismiss(id)) tags.filter.hide(id);
    },
    unhide: (id) => {
      dismissals.undismiss(id);
      tags.filter.unhide(id);
    },
    editNote: (id) => notes.edit(id, () => star.ensureSaved(id)),
    ruleFromSelection: rules.fromSelection,
    isNew: seen.isNew,
    orderOf: forYou.orderOf,
    topForYou: forYou.top,
  });
  return [rules, seen, dismissals, star, tags, forYou, notes, keyboard];
}
