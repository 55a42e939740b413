import { expect, test, type Page } from '@playwright/test';
import { OWNER, seedPublishedDemand, signInHere, uniqueTitle } from './helpers';

// The app must work under its own Content-Security-Policy (backend/techmarket/core/headers.py):
// every page renders, ECharts draws, antd styles apply, and the browser reports no violation.

test.describe.configure({ timeout: 90_000 }); // many pages each, on a busy machine

async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (t: string) => void })
        .reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return violations;
}

test('public pages render under the CSP with no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const home = await page.goto('/');
  const policy = home?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(home?.headers()['x-content-type-options']).toBe('nosniff');
  // ECharts draws on a canvas; antd's CSS-in-JS styles the statistics.
  await expect(page.getByRole('img', { name: '需求按技术领域', exact: true }).locator('canvas')).toHaveCount(1, {
    timeout: 15_000,
  });
  await expect(page.locator('.ant-statistic').first()).toBeVisible();

  for (const path of ['/demands', '/achievements', '/projects', '/challenges', '/league']) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 15_000 });
  }
  await page.goto('/demands');
  await page.locator('main a[href^="/demands/"]').first().click();
  await expect(page.getByRole('heading').first()).toBeVisible();
  await page.goto('/search?q=镁合金');
  await expect(page.locator('main mark').first()).toBeVisible({ timeout: 15_000 });
  expect(violations).toEqual([]);
});

test('the signed-in workspace and forms work under the CSP', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/workspace');
  await signInHere(page, OWNER);
  await expect(page).toHaveURL(/\/workspace/);
  await page.goto('/workspace/demands/new');
  await expect(page.getByLabel('需求名称', { exact: true })).toBeVisible();
  await page.getByLabel('所属领域', { exact: true }).click(); // antd's dropdown: a styled portal
  await expect(page.locator('.ant-select-dropdown:visible')).toBeVisible();
  expect(violations).toEqual([]);
});

test('HTML in an entry is shown as text, on its page and in search highlights', async ({ page, request }) => {
  const marker = uniqueTitle('xss');
  const title = `<img src=x onerror="window.__xss=1">镁合金 ${marker}`;
  const id = await seedPublishedDemand(request, title);
  const violations = await watchViolations(page);
  await page.goto(`/demands/${id}`);
  await expect(page.getByText(title).first()).toBeVisible();
  // The hit, once the worker has indexed it: its highlighted title shows the markup as text.
  const hit = page.locator('.ant-list-item', { hasText: marker });
  await expect(async () => {
    await page.goto(`/search?q=${marker}`);
    await expect(hit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(hit.getByText('<img src=x', { exact: false }).first()).toBeVisible();
  expect(await page.locator('main img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(violations).toEqual([]);
});
