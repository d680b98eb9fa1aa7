import type { Page } from '@playwright/test';
import { fixtureHtml } from '../support/fixtures.mjs';
import { fakeId, listingPage } from '../support/generate-listing.mjs';
import { editBlob, retitle } from '../support/page-variants.mjs';
import { sampleFrames, sampledFrames } from '../support/sample-frames';
import { settledStyle } from '../support/settled-style';
import { SITE, addRule, expect, sendFromExtensionPage, test } from './extension';

const LLAMA = '2407.21783';
const TORA = '2407.21705'; // "Tora: Trajectory-oriented Diffusion Transformer for Video Generation"
const SHIELD = '2407.21772'; // "ShieldGemma: Generative AI Content Moderation Based on Gemma"
const CAUSALCINE = '2605.12496';
const day = () => fixtureHtml('hf-papers-date-2024-08-01.html');
const search = () => fixtureHtml('hf-papers-search-causal.html');

const card = (page: Page, id: string) => page.locator(`[data-paperlight-id="${id}"]`);

/**
 * The text each `paperlight*` highlight paints, by highlight name, optionally only inside one card
 * (or, on the paper page, anywhere). Read from the page's own CSS.highlights registry.
 */
function highlighted(page: Page, id?: string): Promise<Record<string, string[]>> {
  return page.evaluate((cardId) => {
    const scope = cardId ? document.querySelector(`[data-paperlight-id="${cardId}"]`) : document.body;
    const result: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('paperlight')) continue;
      for (const range of highlight as Highlight) {
        if (!scope?.contains(range.startContainer)) continue;
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        (result[name] ??= []).push(live.toString());
      }
    }
    return result;
  }, id);
}

const texts = async (page: Page, id?: string) => Object.values(await highlighted(page, id)).flat().sort();

test('a rule added in the options page highlights whole words on an open tab, without reload', async ({ extraPages, openSite, context, extensionId }) => {
  extraPages.set('/papers/date/2031-02-01', retitle(day(), LLAMA, 'RL beats URL and RLHF; rl (RL) again'));
  const page = await openSite('/papers/date/2031-02-01');
  await expect(card(page, LLAMA)).not.toHaveAttribute('data-paperlight-match');

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Pattern').fill('RL');
  await options.getByRole('button', { name: 'Add rule' }).click();
  await expect(options.locator('[data-paperlight="rule-row"]')).toHaveCount(1);

  // Case-insensitive by default, whole words only: not "URL" nor "RLHF".
  await expect.poll(() => texts(page, LLAMA)).toEqual(['RL', 'RL', 'rl']);
  await expect(card(page, LLAMA)).toHaveAttribute('data-paperlight-match', /^[0-9a-f]{6}$/);
  // The page's text is untouched: no element was added inside the title.
  await expect(card(page, LLAMA).locator('h3 a')).toHaveText('RL beats URL and RLHF; rl (RL) again');
  expect(await card(page, LLAMA).locator('h3 a *').count()).toBe(0);

  // Case-sensitive now, edited in the options page.
  await options.getByRole('button', { name: 'Edit rule “RL”' }).click();
  await options.getByLabel('Match case').check();
  await options.getByRole('button', { name: 'Save rule' }).click();
  await expect.poll(() => texts(page, LLAMA)).toEqual(['RL', 'RL']);
});

test('highlights are painted as cards come near the view; a rules change repaints the cards in view at once', async ({ extraPages, openSite, openPopup }) => {
  extraPages.set('/papers/month/2031-03', listingPage(300));
  const popup = await openPopup();
  const rule = await addRule(popup, { pattern: '\\w+', kind: 'regex', color: '#dc2626', fields: ['title'] });
  const page = await openSite('/papers/month/2031-03');
  const far = fakeId(250);
  // Every card is matched at once (its marker shows), but only cards near the view are painted.
  await expect(card(page, far)).toHaveAttribute('data-paperlight-match', 'dc2626');
  await expect.poll(async () => (await texts(page, fakeId(0))).length).toBeGreaterThan(0);
  expect(await texts(page, far)).toEqual([]);
  await card(page, far).scrollIntoViewIfNeeded();
  await expect.poll(async () => Object.keys(await highlighted(page, far))).toEqual(['paperlight-dc2626']);

  // The card in view takes the new colour without scrolling (it is already observed and near).
  const reply = (await sendFromExtensionPage(popup, { type: 'rule.update', id: rule.id, patch: { color: '#2563eb' } })) as { ok: boolean };
  expect(reply.ok).toBe(true);
  await expect(card(page, far)).toHaveAttribute('data-paperlight-match', '2563eb');
  await expect.poll(async () => Object.keys(await highlighted(page, far))).toEqual(['paperlight-2563eb']);
  // Turned off: every card's ranges go, in view or not.
  await sendFromExtensionPage(popup, { type: 'rule.delete', id: rule.id });
  await expect(card(page, far)).not.toHaveAttribute('data-paperlight-match');
  await expect.poll(() => texts(page)).toEqual([]);
});

test('phrases, prefixes, Unicode words and regex groups; several colour groups on one title', async ({ extraPages, openSite, openPopup }) => {
  extraPages.set('/papers/date/2031-02-02', retitle(day(), LLAMA, 'Un modèle de modèles: diffusion models, Diffusion   Model and diffusive flows'));
  const popup = await openPopup();
  await addRule(popup, { pattern: 'modèle', color: '#dc2626' });
  await addRule(popup, { pattern: 'diffusion model', kind: 'phrase', color: '#2563eb' });
  await addRule(popup, { pattern: 'diffus', kind: 'prefix', color: '#16a34a', fields: ['title'] });
  await addRule(popup, { pattern: '(trajectory|video)[- ](oriented|generation)', kind: 'regex', color: '#9333ea' });
  const page = await openSite('/papers/date/2031-02-02');

  const llama = await highlighted(page, LLAMA);
  expect(llama['paperlight-dc2626']).toEqual(['modèle']);
  expect(llama['paperlight-2563eb']).toEqual(['Diffusion   Model']);
  // A prefix paints the whole word it starts.
  expect(llama['paperlight-16a34a']?.sort()).toEqual(['Diffusion', 'diffusion', 'diffusive']);
  // Regex groups and alternatives, on another card's title (and only there).
  expect((await highlighted(page, TORA))['paperlight-9333ea']).toEqual(['Trajectory-oriented', 'Video Generation']);
  // Each colour group paints in its own colour.
  const colors = await page.evaluate(() => [...document.querySelectorAll('style[data-paperlight="rule-colors"]')].map((s) => s.textContent).join('\n'));
  for (const color of ['dc2626', '2563eb', '16a34a', '9333ea']) expect(colors).toContain(`::highlight(paperlight-${color}){background-color:#${color}59`);
  // The card marker takes the first matching rule's colour.
  await expect(card(page, LLAMA)).toHaveAttribute('data-paperlight-match', 'dc2626');
});

test('abstracts on search cards and on the paper page are highlighted; HF’s own search highlight still shows', async ({ extraPages, openSite, openPopup }) => {
  // The site wraps the searched word in span.highlight; Paperlight must leave it as it is.
  const html = search().replace(
    '<a href="/papers/2605.12496" class="line-clamp-3 cursor-pointer text-balance">CausalCine:',
    '<a href="/papers/2605.12496" class="line-clamp-3 cursor-pointer text-balance"><span class="highlight">Causal</span>Cine:',
  );
  extraPages.set('/papers?q=causal', html);
  const popup = await openPopup();
  await addRule(popup, { pattern: 'autoregressive', color: '#0891b2' });
  const page = await openSite('/papers?q=causal');
  const found = await texts(page, CAUSALCINE);
  expect(found.filter((t) => t.toLowerCase() === 'autoregressive').length).toBeGreaterThanOrEqual(4);
  const span = card(page, CAUSALCINE).locator('span.highlight');
  await expect(span).toHaveText('Causal');
  expect(await span.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(254, 240, 138)');

  await addRule(popup, { pattern: 'herd', color: '#ea580c' });
  const paper = await openSite(`/papers/${LLAMA}`);
  const onPaper = await highlighted(paper);
  // Title (h1) and abstract: "The Llama 3 Herd of Models" and "…a herd of language models…".
  expect(onPaper['paperlight-ea580c']?.map((t) => t.toLowerCase())).toEqual(['herd', 'herd']);
});

async function watchFrames(page: Page, id: string) {
  await page.addInitScript(sampleFrames, id);
}
const frames = (page: Page) => page.evaluate(sampledFrames);

test('mute dims or folds papers before their first frame; the fold opens on click', async ({ context, openSite, openPopup }) => {
  const popup = await openPopup();
  await addRule(popup, { pattern: 'Gemma', action: 'mute', muteStyle: 'fold' });
  await addRule(popup, { pattern: 'diffusion', action: 'mute', muteStyle: 'dim' });

  const page = await context.newPage();
  await watchFrames(page, SHIELD);
  await openSite('/papers/date/2024-08-01', page);
  await expect.poll(async () => (await frames(page)).filter((frame) => frame.visible).length).toBeGreaterThan(0);
  const shown = (await frames(page)).filter((frame) => frame.visible);
  expect(shown.every((frame) => frame.muted === 'fold')).toBe(true);

  // Folded: one line saying why, the card's own content hidden; a click shows it.
  const stub = card(page, SHIELD).locator('[data-paperlight="mute-stub"]');
  await expect(stub).toHaveText('Muted: matches “Gemma”. Show');
  await expect(card(page, SHIELD).locator('h3')).toBeHidden();
  await stub.click();
  await expect(card(page, SHIELD).locator('h3')).toBeVisible();
  await expect(stub).toHaveText('Muted: matches “Gemma”. Fold');
  await expect(stub).toHaveAttribute('aria-expanded', 'true');

  // Dimmed: still all there, faded.
  await expect(card(page, TORA)).toHaveAttribute('data-paperlight-muted', 'dim');
  await expect(card(page, TORA).locator('h3')).toBeVisible();
  expect(Number((await card(page, TORA).evaluate(settledStyle, ['opacity'])).opacity)).toBeLessThan(0.5);
  await expect(card(page, LLAMA)).not.toHaveAttribute('data-paperlight-muted');

  // The filter bar sums it up; "muted" shows only those.
  const summary = page.locator('[data-paperlight="rule-summary"]');
  // Gemma's paper, and two with "diffusion" (one in its abstract only, which this view does not show).
  await expect(summary).toHaveText('3 muted');
  await expect(card(page, '2407.21475')).toHaveAttribute('data-paperlight-muted', 'dim');
  await page.locator('button[data-paperlight="only-muted"]').click();
  await expect(page.locator('[data-paperlight-id]:visible')).toHaveCount(3);
  await expect(page.locator('[data-paperlight="filter-count"]')).toHaveText('3 of 13 papers');
  await page.locator('button[data-paperlight="filter-clear"]').click();
  await expect(page.locator('[data-paperlight-id]:visible')).toHaveCount(13);
});

test('when the rules arrive after the first pass, the cards show as soon as they are known (no wait for the failsafe)', async ({ context, background, openPopup }) => {
  // A published list that takes long to read (8 MB of entries the page drops as damaged) makes the
  // document_start script's read lose the race with the first pass over a small page. (Written
  // after the background has published its own list, with the mute rule that registers the early
  // script and the rule engine.)
  await addRule(await openPopup(), { pattern: 'Gemma', action: 'mute', muteStyle: 'dim' });
  await background.evaluate(async () => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local;
    while (!('rules' in (await storage.get('rules')))) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  await background.evaluate(async () => {
    const rule = { id: 'r1', pattern: 'Gemma', kind: 'word', caseSensitive: false, fields: ['title', 'abstract'], color: '#ca8a04', action: 'mute', muteStyle: 'dim', tag: null, enabled: true, disabledReason: null, createdAt: 1 };
    const junk = Array.from({ length: 128 }, () => ({ junk: 'x'.repeat(65_536) }));
    await (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ rules: [rule, ...junk] });
  });
  const page = await context.newPage();
  const order = () =>
    page.evaluate(() => ({
      pass: performance.getEntriesByName('paperlight:annotate')[0]?.startTime ?? NaN,
      rules: performance.getEntriesByName('paperlight:rules-build')[0]?.startTime ?? NaN,
    }));
  // The race is the machine's to decide: load again until the rules were read after the first pass
  // (the 8 MB read takes hundreds of milliseconds longer than the small page, so once is usual).
  let lost = false;
  for (let attempt = 0; attempt < 5 && !lost; attempt++) {
    await page.goto(`${SITE}/papers/date/2024-08-01`);
    await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
    await expect.poll(async () => Number.isFinite((await order()).rules)).toBe(true);
    const { pass, rules } = await order();
    lost = rules > pass;
  }
  expect(lost).toBe(true);
  // Shown by Paperlight (the attribute), not only by hold.css's 1.5 s failsafe animation (which a
  // busy machine's slow read can outlast, so frames before it are not checked here: the other mute
  // tests check them with a read of normal size), and muted.
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-shown', '');
  await expect(card(page, SHIELD)).toHaveAttribute('data-paperlight-muted', 'dim');
});

test('muted papers arriving by client-side navigation are muted in their first frame too', async ({ context, openSite, openPopup }) => {
  const popup = await openPopup();
  await addRule(popup, { pattern: 'Gemma', action: 'mute', muteStyle: 'dim' });
  const page = await context.newPage();
  await openSite('/papers/week/2024-W31', page);
  await page.evaluate(sampleFrames, SHIELD);
  // The page's own script pushes the URL and swaps in the day's list (navigation-page.mjs).
  await page.locator('#tabs a[data-view="day"]').click();
  await expect(card(page, SHIELD)).toHaveAttribute('data-paperlight-muted', 'dim');
  const seen = await frames(page);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((frame) => frame.muted === 'dim')).toBe(true);
});

test('auto-tag rules tag papers with a marked chip; deleting the rule removes its tags and nothing else', async ({ openSite, context, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  // A tag of the user's own on the same paper must survive the rule.
  await card(page, TORA).locator('button[data-paperlight="add-tag"]').click();
  await expect(card(page, TORA).locator('input[data-paperlight="tag-input"]')).toBeFocused();
  await page.keyboard.type('keep');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Pattern').fill('diffusion');
  await options.locator('select[name="action"]').selectOption('auto-tag');
  await options.getByLabel('Tag', { exact: true }).fill('Diffusion');
  await options.getByRole('button', { name: 'Add rule' }).click();

  const chips = card(page, TORA).locator('[data-paperlight="tag"]');
  await expect(chips).toHaveText(['keep', 'Diffusion']);
  await expect(chips.nth(1)).toHaveAttribute('data-paperlight-auto', '');
  await expect(chips.nth(0)).not.toHaveAttribute('data-paperlight-auto');
  await expect(chips.nth(1).locator('[data-paperlight="tag-filter"]')).toHaveAttribute('title', /Given by rule “diffusion”/);
  // The other paper with "diffusion" (in its abstract) got it too; the tag manager counts them.
  await expect(card(page, '2407.21475').locator('[data-paperlight="tag"]')).toHaveText(['Diffusion']);
  await expect(options.locator('[data-paperlight="tag-row"][data-paperlight-tag="diffusion"]')).toContainText('2 papers');

  await options.getByRole('button', { name: 'Delete rule “diffusion”' }).click();
  await expect(chips).toHaveText(['keep']);
  await expect(options.locator('[data-paperlight="rule-undo"]')).toContainText('Deleted rule “diffusion” and the tags it gave.');
  // Undo brings the rule back, and the page tags again.
  await options.locator('[data-paperlight="rule-undo"] button').click();
  await expect(chips).toHaveText(['keep', 'Diffusion']);
});

test('bad rules are refused with a reason; a slow rule is turned off and the page stays responsive', async ({ extraPages, openSite, context, extensionId }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const pattern = options.getByLabel('Pattern');
  const problem = options.locator('[data-paperlight="rule-problem"]');
  await options.getByLabel('Kind').selectOption('regex');
  await pattern.fill('(unclosed');
  await expect(problem).toContainText('Invalid regular expression');
  await pattern.fill('(a+)+$');
  await expect(problem).toContainText('could freeze the page');
  // Not caught by the shape check: the background tries it on long text and refuses it.
  await pattern.fill('a*a*a*a*a*a*b');
  await expect(problem).toBeEmpty();
  await options.getByRole('button', { name: 'Add rule' }).click();
  await expect(options.locator('[data-paperlight="rule-error"]')).toContainText('very slow on long text');
  // Empty and duplicate patterns.
  await options.getByLabel('Kind').selectOption('word');
  await pattern.fill('agents');
  await options.getByRole('button', { name: 'Add rule' }).click();
  await expect(options.locator('[data-paperlight="rule-row"]')).toHaveCount(1);
  await pattern.fill('Agents');
  await options.getByRole('button', { name: 'Add rule' }).click();
  await expect(options.locator('[data-paperlight="rule-error"]')).toHaveText('There is already a highlight rule for “agents”.');
  await expect(options.locator('[data-paperlight="rule-row"]')).toHaveCount(1);

  // Quadratic on long runs of letters: bounded (the probe may let it through), but too slow on a
  // page of them. Stored directly, so this part does not depend on the probe's verdict on a busy
  // machine. (The rule "agents" above had the background register the rule engine for new pages.)
  await options.evaluate(async () => {
    const rule = { id: 'slow-rule', pattern: '[a-z]+q', kind: 'regex', caseSensitive: false, fields: ['abstract'], color: '#ca8a04', action: 'highlight', muteStyle: 'dim', tag: null, enabled: true, disabledReason: null, createdAt: Date.now() };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('paperlight');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('rules', 'readwrite');
    tx.objectStore('rules').put(rule);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const all = await new Promise<unknown[]>((resolve) => {
      const read = db.transaction('rules').objectStore('rules').getAll();
      read.onsuccess = () => resolve(read.result);
    });
    db.close();
    await (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ rules: all });
  });
  // The 'q' at the end gets past the matcher's quick check for the text every match contains.
  const long = `${'a'.repeat(4_900)} q`;
  extraPages.set(
    '/papers?q=slow',
    editBlob(search(), (blob: { searchResults: { paper: { summary: string } }[] }) => {
      for (const item of blob.searchResults.slice(0, 12)) item.paper.summary = long;
    }),
  );
  const page = await openSite('/papers?q=slow');
  await expect(page.locator('[data-paperlight="rule-notice"]')).toHaveText(/^Rule \/\[a-z\]\+q\/ was turned off: it took \d+ ms on this page\.$/);
  // The page stays responsive: the rule was stopped at the abstract that took it past its budget,
  // so it held the page for at most the budget and that one abstract, not for all twelve. (What
  // the engine recorded, so a busy machine, which only makes each abstract slower, cannot fail it.)
  const stopped = await page.evaluate(() => (performance.getEntriesByName('paperlight:rule-slow') as PerformanceMark[]).map((mark) => mark.detail as { id: string; ms: number; lastRunMs: number; budgetMs: number }));
  expect(stopped.map((slow) => slow.id)).toEqual(['slow-rule']);
  for (const slow of stopped) {
    expect(slow.ms).toBeGreaterThanOrEqual(slow.budgetMs);
    expect(slow.ms - slow.lastRunMs).toBeLessThan(slow.budgetMs);
  }
  // The options page says which rule and why.
  const row = options.locator('[data-paperlight="rule-row"]').filter({ hasText: '[a-z]+q' });
  await expect(row).toHaveAttribute('data-enabled', 'false');
  await expect(row.locator('[data-paperlight="rule-disabled-reason"]')).toContainText('Turned off: it took');
});

test('select words in a card and press h or m to add a rule; Undo takes it back; typing never does', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  // Typing in the site's search box is typing.
  const searchBox = page.getByPlaceholder('Search any paper with AI');
  await searchBox.click();
  await page.keyboard.type('hm');
  await expect(searchBox).toHaveValue('hm');
  await expect(page.locator('[data-paperlight="toast"]')).toHaveCount(0);

  const select = (id: string, word: string) =>
    page.evaluate(
      ({ id, word }) => {
        const link = document.querySelector(`[data-paperlight-id="${id}"] h3 a`)!;
        const text = link.firstChild as Text;
        const at = text.data.indexOf(word);
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + word.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      },
      { id, word },
    );
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await select(TORA, 'Diffusion Transformer');
  await page.keyboard.press('h');
  await expect(page.locator('[data-paperlight="toast"]')).toContainText('Highlight rule “Diffusion Transformer” added.');
  await expect.poll(() => texts(page, TORA)).toEqual(['Diffusion Transformer']);
  await page.locator('[data-paperlight="toast"] button').click();
  await expect.poll(() => texts(page, TORA)).toEqual([]);

  await select(SHIELD, 'Gemma');
  await page.keyboard.press('m');
  await expect(card(page, SHIELD)).toHaveAttribute('data-paperlight-muted', 'dim');
  await expect(page.locator('[data-paperlight="toast"]')).toContainText('Mute rule “Gemma” added.');
});

test('a rule in storage that could freeze the page is ignored, never run', async ({ context, background, openSite }) => {
  // Written straight into the published rules, past every check the background makes (after the
  // background published its own, empty, list at start-up).
  await background.evaluate(async () => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local;
    while (!('rules' in (await storage.get('rules')))) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  await background.evaluate(async () => {
    const rule = (pattern: string, id: string) => ({ id, pattern, kind: 'regex', caseSensitive: false, fields: ['title', 'abstract'], color: '#ca8a04', action: 'highlight', muteStyle: 'dim', tag: null, enabled: true, disabledReason: null, createdAt: 1 });
    await (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ rules: [rule('(a+)+$', 'r1'), rule('Llama', 'r2'), { junk: true }] });
  });
  const page = await context.newPage();
  await openSite('/papers/date/2024-08-01', page);
  await expect.poll(() => texts(page, LLAMA)).toEqual(['Llama']);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  void SITE;
});

test('the rule engine comes with the page while there are rules, the early hold while one mutes, and only then', async ({ openSite, openPopup, background }) => {
  type Scripting = { scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> } };
  const registered = () =>
    background.evaluate(async () => (await (globalThis as unknown as { chrome: Scripting }).chrome.scripting.getRegisteredContentScripts()).map((script) => script.id));
  const chunkLoads = (page: Page) => page.evaluate(() => performance.getEntriesByName('paperlight:rules-chunk').map((entry) => (entry as PerformanceMeasure).detail));
  const withoutRules = await openSite('/papers/date/2024-08-01');
  await expect(withoutRules.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  expect(await registered()).toEqual([]);
  // Nothing held the cards back: Paperlight let them show as it started.
  await expect(withoutRules.locator('html')).toHaveAttribute('data-paperlight-shown', '');
  expect(await chunkLoads(withoutRules)).toEqual([]);

  const popup = await openPopup();
  const rule = await addRule(popup, { pattern: 'Llama' });
  const sorted = async () => (await registered()).sort();
  await expect.poll(sorted).toEqual(['paperlight-early', 'paperlight-rules']);
  // A mute rule also registers the CSS that holds the cards until the muted are muted.
  const mute = await addRule(popup, { pattern: 'Gemma', action: 'mute' });
  await expect.poll(sorted).toEqual(['paperlight-early', 'paperlight-hold', 'paperlight-rules']);
  expect(((await sendFromExtensionPage(popup, { type: 'rule.delete', id: mute.id })) as { ok: boolean }).ok).toBe(true);
  await expect.poll(sorted).toEqual(['paperlight-early', 'paperlight-rules']);
  // The open page asked for the engine when the rule arrived.
  await expect(card(withoutRules, LLAMA)).toHaveAttribute('data-paperlight-match', /^[0-9a-f]{6}$/);
  expect(await chunkLoads(withoutRules)).toEqual([{ registered: false }]);

  // A new page has it from the start: it ran beside the main script, nobody had to ask for it.
  const withRules = await openSite('/papers/date/2024-08-01');
  await expect(withRules.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(card(withRules, LLAMA)).toHaveAttribute('data-paperlight-match', /^[0-9a-f]{6}$/);
  expect(await chunkLoads(withRules)).toEqual([{ registered: true }]);

  expect(((await sendFromExtensionPage(popup, { type: 'rule.delete', id: rule.id })) as { ok: boolean }).ok).toBe(true);
  await expect.poll(registered).toEqual([]);
  await expect(card(withRules, LLAMA)).not.toHaveAttribute('data-paperlight-match');
});
