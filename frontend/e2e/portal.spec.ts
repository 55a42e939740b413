import { expect, test } from '@playwright/test';
import { seedPublishedDemand, uniqueTitle } from './helpers';

test('a visitor sees the demands list and a demand without its contact', async ({ page, request }) => {
  const title = uniqueTitle('镁合金防腐需求');
  await seedPublishedDemand(request, title);

  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: '技术需求' }).click();
  await expect(page).toHaveURL(/\/demands$/);
  const link = page.getByRole('link', { name: title });
  await expect(link).toBeVisible();
  // Codes are shown by their Chinese names.
  await expect(page.getByRole('main')).toContainText('特种金属材料');

  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('已发布');
  await expect(page.getByTestId('budget')).toHaveText('¥500,000.00 – ¥1,000,000.00');
  await expect(page.getByTestId('contact-hidden')).toHaveText('登录并通过机构认证后可查看联系方式');
  await expect(page.getByText('0359-1234567')).toHaveCount(0);
});

test('the demands list fits a 375 px phone and filters by field', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/demands?field=semiconductor');
  // The demo entries cover every field: each listed demand is a 半导体 one.
  const items = page.locator('.ant-list-item');
  await expect(items.first()).toBeVisible();
  const count = await items.count();
  await expect(items.filter({ has: page.locator('.ant-tag', { hasText: '半导体' }) })).toHaveCount(count);
  await expect(items.filter({ has: page.locator('.ant-tag', { hasText: '新能源汽车' }) })).toHaveCount(0);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
