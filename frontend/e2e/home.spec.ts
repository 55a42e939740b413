import { expect, test } from '@playwright/test';

// Runs against the real platform started by tests/e2e_server.py (no mocks).

test('home page shows the platform name and a ready API', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: '三库一榜' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(
    '科技大市场 · 创新项目库 · 技术需求库 · 科技成果库 · 揭榜挂帅榜单',
  );

  await expect(page.getByTestId('readiness-overall')).toHaveText('服务就绪', { timeout: 15_000 });
  for (const label of ['数据库', '数据库结构', '搜索引擎']) {
    const row = page.getByRole('listitem', { name: label, exact: true });
    await expect(row).toBeVisible();
    await expect(row.getByText('正常')).toBeVisible();
  }
  await expect(page.getByText('异常')).toHaveCount(0);
});

test('home page fits a 375 px wide phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/');
  await expect(page.getByTestId('readiness-overall')).toHaveText('服务就绪', { timeout: 15_000 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('an unknown route shows the 404 page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByText('页面不存在')).toBeVisible();
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '三库一榜' })).toBeVisible();
});
