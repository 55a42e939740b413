import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers';

// The platform seeds its demo entries at start (backend/techmarket/demo): the dashboard has data.

async function figure(page: Page, name: string): Promise<number> {
  const item = page.getByRole('listitem', { name, exact: true });
  await expect(item).toBeVisible({ timeout: 15_000 });
  const text = await item.locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

test('the home dashboard shows the key figures and draws its charts', async ({ page }) => {
  await page.goto('/');
  expect(await figure(page, '技术需求')).toBeGreaterThanOrEqual(30);
  expect(await figure(page, '科技成果')).toBeGreaterThanOrEqual(60);
  expect(await figure(page, '签约合同')).toBeGreaterThan(0);
  await expect(page.getByRole('listitem', { name: '技术合同交易额' })).toContainText('万元');

  for (const name of ['需求按技术领域', '需求按区县', '近 12 个月发布', '对接状态', '技术合同成交（近 12 个月）']) {
    const chart = page.getByRole('img', { name, exact: true });
    await expect(chart).toBeVisible();
    await expect(chart.locator('canvas')).toHaveCount(1);
  }
  await page.getByText('成果', { exact: true }).click();
  await expect(page.getByRole('img', { name: '成果按技术领域', exact: true }).locator('canvas')).toHaveCount(1);
  await screenshot(page, 'home-dashboard');
});

test('the dashboard and the league fit a 375 px wide phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of ['/', '/league']) {
    await page.goto(path);
    await expect(page.getByRole('img').or(page.getByRole('table')).first()).toBeVisible({
      timeout: 15_000,
    });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await page.goto('/');
  await expect(page.getByRole('img', { name: '对接状态' }).locator('canvas')).toHaveCount(1);
  await screenshot(page, 'home-dashboard-375');
});

test('the league ranks organisations and shows the contracts behind each row', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '查看组织榜' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '组织榜' })).toBeVisible();
  const rows = page.locator('.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().locator('td').nth(1)).toHaveText('1');
  await rows.first().getByRole('button').first().click();
  const evidence = page.locator('.ant-table-expanded-row').first();
  await expect(evidence).toBeVisible();
  await evidence.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/(achievements|demands)\/[0-9a-f-]{36}$/);
  await page.goBack();
  await page.getByText('按成交额').click();
  await expect(rows.first()).toBeVisible();
  await screenshot(page, 'league');
});
