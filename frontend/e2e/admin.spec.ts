import { expect, test, type Page } from '@playwright/test';
import { OWNER, PASSWORD, screenshot, signInHere } from './helpers';

const ADMIN = 'admin@demo.techmarket.cn';

async function openAdmin(page: Page, path: string) {
  await page.goto(path);
  const login = page.getByRole('heading', { name: '登录' });
  await expect(login.or(page.getByRole('heading', { name: '管理后台' }))).toBeVisible();
  if (await login.isVisible()) await signInHere(page, ADMIN);
  await expect(page.getByRole('heading', { level: 1, name: '管理后台' })).toBeVisible();
}

test('the admin console pages load with their data', async ({ page }) => {
  await openAdmin(page, '/admin');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByText('reviewer@demo.techmarket.cn')).toBeVisible();
  await expect(page.getByRole('combobox', { name: '修改角色 reviewer@demo.techmarket.cn' })).toBeVisible();
  await screenshot(page, 'admin-users');

  await page.getByRole('link', { name: '分类数据' }).click();
  await expect(page.getByRole('cell', { name: '新能源汽车', exact: true })).toBeVisible();
  await screenshot(page, 'admin-taxonomies');

  await page.getByRole('link', { name: '搜索词库' }).click();
  await expect(page.getByText('专业词典', { exact: true })).toBeVisible();
  await screenshot(page, 'admin-vocabulary');

  await page.getByRole('link', { name: '审计日志' }).click();
  await page.getByLabel('操作（如 demand.approve）').fill('demand.approve');
  await page.getByRole('button', { name: /搜\s?索/ }).click();
  await expect(page.getByRole('cell', { name: 'demand.approve' }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'demand.submit' })).toHaveCount(0);
  await screenshot(page, 'admin-audit-log');
});

test('an admin creates an API key, sees it once, and revokes it', async ({ page }) => {
  await openAdmin(page, '/admin/api-keys');
  await page.getByRole('combobox', { name: '机构' }).fill('运城学院');
  await page.locator('.ant-select-dropdown:visible').getByText('运城学院', { exact: true }).click();
  await page.getByRole('button', { name: '创建密钥' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill('成果管理系统对接');
  await dialog.getByRole('button', { name: '创建密钥' }).click();
  await expect(page.getByTestId('new-api-key')).toContainText(/tmk_/);
  await screenshot(page, 'admin-api-key-shown-once');
  await page.getByRole('button', { name: '我已保存' }).click();
  const row = page.getByRole('row', { name: /成果管理系统对接/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: '吊销 成果管理系统对接' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /吊\s?销/ }).click();
  await expect(row.getByText('已吊销')).toBeVisible();
});

test('imports show their progress and offer the error report', async ({ page, request }) => {
  const token = await request.post('/api/v1/auth/token', {
    form: { username: OWNER, password: PASSWORD },
  });
  const headers = { Authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}` };
  const csv = [
    '需求名称,需求描述,所属领域,所在地区,需求类型,预算上限（元）,有效期至,关键词',
    '镁合金回收利用技术,需要镁合金废料回收工艺。,special_metal,wenxi,技术攻关,500000,2030-12-31,镁合金',
    ',缺少名称的一行。,special_metal,wenxi,技术攻关,500000,2030-12-31,镁合金',
  ].join('\n');
  const started = await request.post('/api/v1/imports', {
    headers,
    multipart: {
      collection: 'demands',
      mode: 'valid_rows_only',
      file: { name: '需求导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') },
    },
  });
  expect(started.status()).toBe(202);

  await openAdmin(page, '/admin/imports');
  const row = page.getByRole('row', { name: /需求导入\.csv/ }).first();
  await expect(row.getByText('部分导入')).toBeVisible({ timeout: 15_000 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载错误报告' }).click();
  expect((await download).suggestedFilename()).toBe('需求导入-错误报告.xlsx');
  await screenshot(page, 'admin-imports');
});

test('the console is for admins only', async ({ page }) => {
  await page.goto('/admin/users');
  await signInHere(page, 'reviewer@demo.techmarket.cn');
  await expect(page.getByText('无权访问')).toBeVisible();
});
