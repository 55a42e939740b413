import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  approveInReviewDesk,
  choose,
  confirmDialog,
  postDemand,
  REVIEWER,
  screenshot,
  signInHere,
  signOut,
  token,
  uniqueCreditCode,
  uniqueTitle,
  UNIVERSITY_OWNER,
} from './helpers';

interface Achievement {
  id: string;
  title: string;
  abstract: string;
  field: string;
  keywords: string[];
  status: string;
}

const bearer = async (request: APIRequestContext, email: string, password?: string) => ({
  Authorization: `Bearer ${await token(request, email, password)}`,
});

interface Term {
  code: string;
  name: string;
}

/**
 * A published achievement of 运城学院 from the first page of its workspace list, in a field
 * whose name is no part of another's (新能源 is in 新能源汽车), so picking it is unambiguous.
 */
async function universityAchievement(
  request: APIRequestContext,
): Promise<{ achievement: Achievement; fieldName: string }> {
  const fields = (await (await request.get('/api/v1/catalog/field')).json()) as Term[];
  const nameOf = (code: string) => fields.find((f) => f.code === code)?.name ?? '';
  const unambiguous = (code: string) =>
    fields.filter((f) => f.name.includes(nameOf(code))).length === 1;
  const headers = await bearer(request, UNIVERSITY_OWNER);
  const me = (await (await request.get('/api/v1/users/me', { headers })).json()) as {
    organization_id: string;
  };
  const listed = await request.get('/api/v1/achievements', {
    headers,
    params: { organization_id: me.organization_id, limit: 20 },
  });
  const items = ((await listed.json()) as { items: Achievement[] }).items;
  const published = items.find(
    (a) => a.status === 'published' && a.keywords.length > 0 && unambiguous(a.field),
  );
  expect(published, '运城学院 has a published demo achievement with keywords').toBeTruthy();
  return { achievement: published!, fieldName: nameOf(published!.field) };
}

test('a newcomer enterprise posts a demand that a university finds among its matches and connects to', async ({
  page,
  request,
}) => {
  test.slow();
  const { achievement, fieldName } = await universityAchievement(request);

  // 1. An enterprise registers with a new organisation; it waits for verification.
  const email = `${uniqueTitle('newcomer')}@example.cn`;
  const password = 'Newcomer2026market';
  const orgName = uniqueTitle('运城市新材料科技有限公司');
  await page.goto('/register');
  await page.getByLabel('邮箱', { exact: true }).fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('姓名', { exact: true }).fill('王建国');
  await page.getByLabel('机构名称', { exact: true }).fill(orgName);
  await choose(page, '机构类型', '企业');
  await page.getByLabel('统一社会信用代码', { exact: true }).fill(uniqueCreditCode());
  await choose(page, '所在地区', '盐湖区');
  await screenshot(page, 'newcomer-register');
  await page.getByRole('button', { name: /注\s?册/ }).click();
  await expect(page).toHaveURL(/\/workspace$/);
  await expect(page.getByText('机构尚未通过认证')).toBeVisible();
  await screenshot(page, 'newcomer-workspace-unverified');

  // 2. Bureau staff verify it on the review desk.
  await signOut(page);
  await page.goto('/review');
  await signInHere(page, REVIEWER);
  await page.getByRole('tab', { name: '待认证机构' }).click();
  await screenshot(page, 'newcomer-verification-queue');
  await page.getByRole('button', { name: `通过认证 ${orgName}` }).click();
  await expect(page.getByText(orgName)).toHaveCount(0);
  await signOut(page);
  await page.goto('/workspace');
  await signInHere(page, email, password);
  await expect(page).toHaveURL(/\/workspace/);
  await expect(page.getByRole('tab', { name: '我的需求' })).toBeVisible();
  await expect(page.getByText('机构尚未通过认证')).toHaveCount(0);

  // 3. It posts a demand whose text shares the achievement's key terms, and submits it.
  const title = uniqueTitle(`${achievement.title}应用需求`);
  await postDemand(page, {
    title,
    description: `我公司希望引进「${achievement.title}」相关技术，重点需求：${achievement.keywords.join('、')}。`,
    field: fieldName,
    region: '盐湖区',
    demandType: '技术转让',
  });
  const demandUrl = page.url();
  await page.getByRole('button', { name: '提交审核' }).click();
  await confirmDialog(page);
  await expect(page.getByTestId('entry-status')).toHaveText('待审核');
  await screenshot(page, 'newcomer-demand-submitted');
  await signOut(page);

  // 4. A reviewer approves it on the review desk.
  await page.goto('/review');
  await signInHere(page, REVIEWER);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await screenshot(page, 'newcomer-review-desk');
  await approveInReviewDesk(page, title);
  await signOut(page);

  // 5. It is public and searchable (indexed by the outbox worker a moment later).
  await page.goto(`/search?q=${encodeURIComponent(title)}&types=demand`);
  const found = page.locator('.ant-list-item', { hasText: title });
  await expect(async () => {
    await page.reload();
    await expect(found).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await screenshot(page, 'newcomer-search');
  await page.goto('/demands');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await screenshot(page, 'newcomer-demand-public');

  // 6. The university finds it among the matches of its achievement, and asks to connect.
  await page.goto('/workspace?tab=achievements');
  await signInHere(page, UNIVERSITY_OWNER);
  const matchesLink = page.getByRole('link', { name: `匹配需求 ${achievement.title}` });
  // The count of its matches, here at least the new demand.
  await expect(matchesLink).toHaveText(/^匹配需求 ([1-9]\d*)\+?$/);
  await screenshot(page, 'newcomer-university-workspace');
  await matchesLink.click();
  await expect(page.getByRole('heading', { level: 1, name: achievement.title })).toBeVisible();
  const matches = page.getByRole('region', { name: '匹配需求' });
  const match = matches.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
  await expect(match).toBeVisible();
  await expect(match.getByText(/^共同关键词：/)).toBeVisible();
  await expect(match.getByText('同一领域')).toBeVisible();
  await screenshot(page, 'newcomer-achievement-matches');
  await match.getByRole('button', { name: `申请对接 ${title}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('对接留言')).toHaveValue(/很感兴趣/);
  await dialog.getByRole('button', { name: '发送申请' }).click();
  await expect(dialog).toBeHidden();
  await expect(match.getByRole('button', { name: '已申请对接' })).toBeDisabled();
  await signOut(page);

  // 7. The enterprise accepts the request on its demand.
  await page.goto(demandUrl);
  await page.locator('header').getByRole('button', { name: /登\s?录/ }).click();
  await signInHere(page, email, password);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const connections = page.getByRole('region', { name: '对接记录' });
  await expect(connections.getByText('已申请')).toBeVisible();
  await screenshot(page, 'newcomer-connection-requested');
  await connections.getByRole('button', { name: /^接\s?受$/ }).click();
  await expect(connections.getByText('已接受')).toBeVisible();
  await expect(connections.getByRole('button', { name: /^接\s?受$/ })).toHaveCount(0);
  await screenshot(page, 'newcomer-connection-accepted');
});
