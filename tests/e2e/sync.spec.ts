import { expect, star, test } from './extension';

const LLAMA = '2407.21783';
const TORA = '2407.21705';

test('a star in one tab shows in another tab and in the popup without reload', async ({ openSite, openPopup }) => {
  const tabA = await openSite('/papers/date/2024-08-01');
  const tabB = await openSite('/papers?date=2024-08-01');
  const popup = await openPopup();
  await expect(popup.locator('[data-paperlight="empty-list"]')).toBeVisible();

  await star(tabA, LLAMA).click();
  await expect(star(tabB, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  const item = popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"]`);
  await expect(item).toBeVisible();
  await expect(item.locator('a')).toHaveText('The Llama 3 Herd of Models');

  await star(tabB, LLAMA).click();
  await expect(star(tabA, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await expect(item).toHaveCount(0);
  await expect(popup.locator('[data-paperlight="empty-list"]')).toBeVisible();
});

test('the popup lists saved papers newest first with authors, date and a working remove', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await star(page, TORA).click();
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'true');

  const popup = await openPopup();
  const items = popup.locator('[data-paperlight="reading-item"]');
  await expect(items).toHaveCount(2);
  expect(await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-paperlight-id')))).toEqual([TORA, LLAMA]);

  const llama = popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"]`);
  await expect(llama.locator('.item-authors')).toHaveText(/^[^,]+, [^,]+, [^,]+ et al\.$/);
  await expect(llama).toContainText('Saved just now');
  await expect(llama).toContainText('arXiv Jul 31, 2024');
  const link = llama.locator('a.item-title');
  await expect(link).toHaveAttribute('href', `https://huggingface.co/papers/${LLAMA}`);
  await expect(link).toHaveAttribute('target', '_blank');

  // Opening a title opens the paper page in a new tab.
  const [opened] = await Promise.all([popup.context().waitForEvent('page'), link.click()]);
  await opened.waitForLoadState();
  expect(opened.url()).toBe(`https://huggingface.co/papers/${LLAMA}`);

  await llama.getByRole('button', { name: /Remove “The Llama 3 Herd of Models”/ }).click();
  await expect(llama).toHaveCount(0);
  await expect(items).toHaveCount(1);
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'true');
});
