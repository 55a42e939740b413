import { expect, test } from '@playwright/test';
import { screenshot, seedPublishedDemand, uniqueTitle } from './helpers';

test('a visitor searches a sub-word across the databases, narrows by facet and opens a hit', async ({
  page,
  request,
}) => {
  const title = uniqueTitle('镁合金压铸件防腐');
  await seedPublishedDemand(request, title);

  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: '搜索' }).click();
  const box = page.getByRole('searchbox', { name: '全站搜索' });
  await box.fill('合金');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  // 合金 finds 镁合金 (a sub-word) once the worker has indexed the demand.
  const hit = page.locator('.ant-list-item', { hasText: title });
  await expect(async () => {
    await page.reload();
    await expect(hit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await box.fill('镁合金');
  await box.press('Enter');
  await expect(hit.locator('mark').first()).toHaveText('镁合金');
  await screenshot(page, 'search-results');

  const demands = page.getByRole('checkbox', { name: '技术需求' });
  await demands.click();
  await expect(page).toHaveURL(/types=demand/);
  await expect(demands).toBeChecked();
  await expect(page.locator('.ant-list-item .ant-tag', { hasText: '科技成果' })).toHaveCount(0);
  await page.locator('.ant-tag-checkable', { hasText: '特种金属材料' }).click();
  await expect(page).toHaveURL(/field=special_metal/);
  await expect(hit).toBeVisible();

  await hit.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
});
