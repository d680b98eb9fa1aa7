import { SITE, expect, readingList, star, test } from './extension';

const LLAMA = '2407.21783';

test('a star survives a reload and shows on every view of the paper', async ({ openSite }) => {
  const page = await openSite('/papers?date=2024-08-01');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await expect(star(page, LLAMA)).toHaveAccessibleName('Remove from reading list');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  // Only the starred paper is starred.
  await expect(page.locator('button[data-paperlight="star"][aria-pressed="true"]')).toHaveCount(1);

  for (const path of ['/papers/date/2024-08-01', `/papers/${LLAMA}`]) {
    await page.goto(SITE + path);
    await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
    await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  }
});

test('clicking again unstars, and the paper stays unstarred after a reload', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const id = '2407.21705';
  await star(page, id).click();
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  await star(page, id).click();
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'false');
});

test('the star works from the keyboard', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await star(page, LLAMA).focus();
  await page.keyboard.press('Enter');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
});

test('saving keeps what the page says about the paper', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers?q=causal');
  await star(page, '2605.12496').click();
  await expect(star(page, '2605.12496')).toHaveAttribute('aria-pressed', 'true');
  const popup = await openPopup();
  const saved = (await readingList(popup))[0] as unknown as Record<string, unknown>;
  expect(saved).toMatchObject({
    id: '2605.12496',
    title: 'CausalCine: Real-Time Autoregressive Generation for Multi-Shot Video Narratives',
    organization: { name: 'antgroup', fullname: 'Ant Group' },
    upvotes: null,
    sourceUrl: `${SITE}/papers?q=causal`,
  });
  expect(saved.abstract).toMatch(/^Autoregressive video generation aims at real-time/);
  expect(typeof saved.savedAt).toBe('number');
});

test('the star on the single paper page saves the paper with its page data', async ({ openSite, openPopup }) => {
  const page = await openSite(`/papers/${LLAMA}`);
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  const [saved] = (await readingList(await openPopup())) as unknown as Record<string, unknown>[];
  expect(saved).toMatchObject({ id: LLAMA, title: 'The Llama 3 Herd of Models', upvotes: 94, sourceUrl: `${SITE}/papers/${LLAMA}` });
  expect((saved!.authors as string[]).length).toBeGreaterThan(500);
  expect(saved!.abstract).toMatch(/^Modern artificial intelligence/);
});
