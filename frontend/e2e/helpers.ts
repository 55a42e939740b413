import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'Demo2026market';
export const OWNER = 'yinguang@demo.techmarket.cn';
/** A verified university (运城学院) that lists achievements. */
export const UNIVERSITY_OWNER = 'ycu@demo.techmarket.cn';
export const REVIEWER = 'reviewer@demo.techmarket.cn';

/** A title no other run or test uses. */
export function uniqueTitle(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** An access token for a user, for steps a test takes through the API. */
export async function token(
  request: APIRequestContext,
  email: string,
  password = PASSWORD,
): Promise<string> {
  const res = await request.post('/api/v1/auth/token', {
    form: { username: email, password },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Seeds a published demand through the public API: created by the owner, approved by the reviewer. */
export async function seedPublishedDemand(request: APIRequestContext, title: string): Promise<string> {
  const owner = { Authorization: `Bearer ${await token(request, OWNER)}` };
  const created = await request.post('/api/v1/demands', {
    headers: owner,
    data: {
      title,
      description: '镁合金压铸件表面防腐处理工艺需要攻关。',
      field: 'special_metal',
      region: 'wenxi',
      demand_type: 'tech_breakthrough',
      budget_min: 500000,
      budget_max: 1000000,
      valid_until: '2030-12-31',
      contact_name: '张志强',
      contact_phone: '0359-1234567',
      keywords: ['镁合金', '防腐'],
    },
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/demands/${id}/submit`, { headers: owner })).status()).toBe(200);
  const reviewer = { Authorization: `Bearer ${await token(request, REVIEWER)}` };
  expect((await request.post(`/api/v1/demands/${id}/approve`, { headers: reviewer })).status()).toBe(200);
  return id;
}

/** Fills the login form the guard sent us to. */
export async function signInHere(page: Page, email: string, password = PASSWORD) {
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('main').getByRole('button', { name: /^登\s?录$/ }).click();
}

export async function signOut(page: Page) {
  await page.locator('header').getByRole('button').last().click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page.locator('header').getByRole('button', { name: /登\s?录/ })).toBeVisible();
}

/** Picks an option of an antd Select by its label. */
export async function choose(page: Page, label: string, option: string) {
  const item = page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect(async () => {
    await page.getByLabel(label, { exact: true }).click();
    const choice = page.locator('.ant-select-dropdown:visible .ant-select-item-option', {
      hasText: option,
    });
    await choice.first().click({ timeout: 2_000 });
    await expect(item.locator('.ant-select')).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

/**
 * Confirms the open antd confirmation dialog. A click that lands while the dialog is still
 * zooming in can be lost, so the click is repeated until the dialog has gone.
 */
export async function confirmDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(async () => {
    if (await dialog.isVisible()) {
      await dialog.getByRole('button', { name: /确\s?定/ }).click({ timeout: 1_000 });
    }
    await expect(dialog).toBeHidden({ timeout: 1_500 });
  }).toPass({ timeout: 10_000 });
}

/**
 * Clicks a button guarded by a popconfirm and confirms it. A click that lands while the page
 * re-renders after the previous step can be lost, so it is repeated until the popover opens.
 */
export async function clickAndConfirm(page: Page, button: Locator) {
  const ok = page.locator('.ant-popover:visible').getByRole('button', { name: /确\s?定|OK/ });
  await expect(async () => {
    if (!(await ok.isVisible())) await button.click({ timeout: 2_000 });
    await ok.click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png for a person to look at. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A valid unified social credit code (GB 32100-2015) that no other run uses. */
export function uniqueCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const serial = `${Date.now()}${Math.floor(Math.random() * 100)}`.slice(-9).padStart(9, '0');
  const first = `91140800${serial}`;
  const total = [...first].reduce((sum, c, i) => sum + alphabet.indexOf(c) * weights[i]!, 0);
  return first + alphabet[(31 - (total % 31)) % 31];
}

export interface DemandForm {
  title: string;
  description: string;
  field: string;
  region: string;
  demandType: string;
}

/** Posts a demand from the workspace with a negotiable budget; ends on its page, as a draft. */
export async function postDemand(page: Page, demand: DemandForm) {
  await page.goto('/workspace');
  await page.getByRole('button', { name: '发布需求' }).click();
  await page.getByLabel('需求名称').fill(demand.title);
  await page.getByLabel('需求描述').fill(demand.description);
  await choose(page, '所属领域', demand.field);
  await choose(page, '所在地区', demand.region);
  await choose(page, '需求类型', demand.demandType);
  await page.getByLabel('预算面议').check();
  await page.getByLabel('有效期至').fill('2030-12-31');
  await page.getByLabel('有效期至').press('Tab');
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: demand.title })).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('草稿');
}

/** Approves an entry waiting on the review desk, as the signed-in reviewer. */
export async function approveInReviewDesk(page: Page, title: string) {
  await page.goto('/review');
  await page.getByRole('button', { name: `通过 ${title}` }).click();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
}
