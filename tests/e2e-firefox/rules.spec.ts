// Keyword rules in Firefox (mirrors tests/e2e/rules.spec.ts): a highlight painted through
// CSS.highlights, a fold-away mute that never flashes, an auto-tag rule and its undo.
import { fixtureHtml } from '../support/fixtures.mjs';
import { retitle } from '../support/page-variants.mjs';
import { sampleFrames, sampledFrames } from '../support/sample-frames';
import { settledStyle } from '../support/settled-style';
import { WAIT, attribute, clickText, count, expect, send, test, texts, useFirefox, visibleCount, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783';
const TORA = '2407.21705';
const SHIELD = '2407.21772'; // "ShieldGemma: Generative AI Content Moderation Based on Gemma"
const card = (id: string) => `[data-paperlight-id="${id}"]`;

/** Adds a rule as the options page would; the background checks it. */
async function addRule(extensionPage: Page, rule: Record<string, unknown>): Promise<{ id: string }> {
  const reply = (await send(extensionPage, { type: 'rule.add', rule })) as { ok: boolean; value?: { rule: { id: string } }; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value!.rule;
}

/** The text each `paperlight*` highlight paints inside one card, from the page's CSS.highlights. */
function highlighted(page: Page, id: string): Promise<string[]> {
  return page.evaluate((cardId) => {
    const scope = document.querySelector(`[data-paperlight-id="${cardId}"]`);
    const found: string[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('paperlight')) continue;
      for (const range of highlight as Highlight) {
        if (!scope?.contains(range.startContainer)) continue;
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        found.push(live.toString());
      }
    }
    return found.sort();
  }, id);
}

test('a rule added in the options page highlights whole words on an open tab through CSS.highlights, without reload', async () => {
  ff.extra.set('/papers/date/2031-02-01', retitle(fixtureHtml('hf-papers-date-2024-08-01.html'), LLAMA, 'RL beats URL and RLHF; rl (RL) again'));
  const page = await ff.openSite('/papers/date/2031-02-01');
  expect(await attribute(page, card(LLAMA), 'data-paperlight-match')).toBeNull();

  const options = await ff.openExtensionPage('options.html');
  await options.waitForSelector('input[name="pattern"]', WAIT);
  await options.type('input[name="pattern"]', 'RL');
  await clickText(options, '[data-paperlight="rule-form"]', 'Add rule');
  await expect.poll(() => count(options, '[data-paperlight="rule-row"]'), WAIT).toBe(1);

  // Case-insensitive by default, whole words only: not "URL" nor "RLHF".
  await expect.poll(() => highlighted(page, LLAMA), WAIT).toEqual(['RL', 'RL', 'rl']);
  expect(await attribute(page, card(LLAMA), 'data-paperlight-match')).toMatch(/^[0-9a-f]{6}$/);
  // The page's text is untouched: no element was added inside the title.
  expect(await texts(page, `${card(LLAMA)} h3 a`)).toEqual(['RL beats URL and RLHF; rl (RL) again']);
  expect(await count(page, `${card(LLAMA)} h3 a *`)).toBe(0);
  // Painted in the rule's colour group, by the ::highlight() rule Paperlight adds.
  const colors = await page.evaluate(() => [...document.querySelectorAll('style[data-paperlight="rule-colors"]')].map((s) => s.textContent).join('\n'));
  expect(colors).toMatch(/::highlight\(paperlight-[0-9a-f]{6}\)\{background-color:#[0-9a-f]{8}/);

  // Case-sensitive now, edited in the options page.
  await clickText(options, '[data-paperlight="rule-row"]', 'Edit rule “RL”');
  await options.click('input[name="caseSensitive"]');
  await clickText(options, '[data-paperlight="rule-form"]', 'Save rule');
  await expect.poll(() => highlighted(page, LLAMA), WAIT).toEqual(['RL', 'RL']);
  await clickText(options, '[data-paperlight="rule-row"]', 'Delete rule “RL”');
  await expect.poll(() => highlighted(page, LLAMA), WAIT).toEqual([]);
  for (const view of [page, options]) await view.close();
});

test('mute dims or folds papers before their first frame; the fold opens on click', async () => {
  const popup = await ff.openPopup();
  const rules = [
    await addRule(popup, { pattern: 'Gemma', action: 'mute', muteStyle: 'fold' }),
    await addRule(popup, { pattern: 'diffusion', action: 'mute', muteStyle: 'dim' }),
  ];
  const page = await ff.sitePage();
  await page.evaluateOnNewDocument(sampleFrames, SHIELD);
  await ff.openSite('/papers/date/2024-08-01', page);
  const shown = async () => (await page.evaluate(sampledFrames)).filter((frame) => frame.visible);
  await expect.poll(async () => (await shown()).length, WAIT).toBeGreaterThan(0);
  expect((await shown()).every((frame) => frame.muted === 'fold')).toBe(true);

  // Folded: one line saying why, the card's own content hidden; a click shows it.
  const stub = `${card(SHIELD)} [data-paperlight="mute-stub"]`;
  await expect.poll(() => texts(page, stub), WAIT).toEqual(['Muted: matches “Gemma”. Show']);
  expect(await visibleCount(page, `${card(SHIELD)} h3`)).toBe(0);
  await page.click(stub);
  await expect.poll(() => visibleCount(page, `${card(SHIELD)} h3`), WAIT).toBe(1);
  expect(await texts(page, stub)).toEqual(['Muted: matches “Gemma”. Fold']);

  // Dimmed: still all there, faded.
  expect(await attribute(page, card(TORA), 'data-paperlight-muted')).toBe('dim');
  expect(await visibleCount(page, `${card(TORA)} h3`)).toBe(1);
  expect(Number((await page.$eval(card(TORA), settledStyle, ['opacity'])).opacity)).toBeLessThan(0.5);
  expect(await attribute(page, card(LLAMA), 'data-paperlight-muted')).toBeNull();

  // The filter bar sums it up; "muted" shows only those.
  await expect.poll(() => texts(page, '[data-paperlight="rule-summary"]'), WAIT).toEqual(['3 muted']);
  await page.click('button[data-paperlight="only-muted"]');
  await expect.poll(() => visibleCount(page, '[data-paperlight-id]'), WAIT).toBe(3);
  expect(await texts(page, '[data-paperlight="filter-count"]')).toEqual(['3 of 13 papers']);
  await page.click('button[data-paperlight="filter-clear"]');
  await expect.poll(() => visibleCount(page, '[data-paperlight-id]'), WAIT).toBe(13);

  for (const rule of rules) await send(popup, { type: 'rule.delete', id: rule.id });
  await expect.poll(() => attribute(page, card(TORA), 'data-paperlight-muted'), WAIT).toBeNull();
  for (const view of [page, popup]) await view.close();
});

test('auto-tag rules tag papers with a marked chip; deleting the rule removes its tags and nothing else', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  // A tag of the user's own on the same paper must survive the rule.
  await page.click(`${card(TORA)} button[data-paperlight="add-tag"]`);
  await page.waitForSelector(`${card(TORA)} >>> input[data-paperlight="tag-input"]`, WAIT);
  await page.keyboard.type('keep');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');

  const options = await ff.openExtensionPage('options.html');
  await options.waitForSelector('input[name="pattern"]', WAIT);
  await options.type('input[name="pattern"]', 'diffusion');
  await options.select('select[name="action"]', 'auto-tag');
  await options.waitForSelector('input[name="tag"]', WAIT);
  await options.type('input[name="tag"]', 'Diffusion');
  await clickText(options, '[data-paperlight="rule-form"]', 'Add rule');

  const chips = `${card(TORA)} [data-paperlight="tag"]`;
  await expect.poll(() => texts(page, chips), WAIT).toEqual(['keep', 'Diffusion']);
  expect(await page.$$eval(chips, (els) => els.map((el) => el.hasAttribute('data-paperlight-auto')))).toEqual([false, true]);
  expect(await attribute(page, `${chips}[data-paperlight-auto] [data-paperlight="tag-filter"]`, 'title')).toMatch(/Given by rule “diffusion”/);
  // The other paper with "diffusion" (in its abstract) got it too; the tag manager counts them.
  await expect.poll(() => texts(page, `${card('2407.21475')} [data-paperlight="tag"]`), WAIT).toEqual(['Diffusion']);
  await expect.poll(async () => (await texts(options, '[data-paperlight="tag-row"][data-paperlight-tag="diffusion"]'))[0] ?? '', WAIT).toContain('2 papers');

  await clickText(options, '[data-paperlight="rule-row"]', 'Delete rule “diffusion”');
  await expect.poll(() => texts(page, chips), WAIT).toEqual(['keep']);
  expect((await texts(options, '[data-paperlight="rule-undo"]'))[0]).toContain('Deleted rule “diffusion” and the tags it gave.');
  // Undo brings the rule back, and the page tags again.
  await options.click('[data-paperlight="rule-undo"] button');
  await expect.poll(() => texts(page, chips), WAIT).toEqual(['keep', 'Diffusion']);
  for (const view of [page, options]) await view.close();
});
