import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  clickAndConfirm,
  OWNER,
  PASSWORD,
  REVIEWER,
  screenshot,
  signInHere,
  signOut,
  UNIVERSITY_OWNER,
  uniqueTitle,
} from './helpers';

/** A second bidder (山西永济绿源农业科技有限公司) and the expert of the challenge's field (周敏). */
const SECOND_BIDDER = 'lvyuan@demo.techmarket.cn';
const EXPERT = 'expert.zhou@demo.techmarket.cn';
const EXPERT_NAME = '周敏';
const UNIVERSITY = '运城学院';
const SECOND = '山西永济绿源农业科技有限公司';
/**
 * The deadline lies this far ahead; once both bids are in, staff pass it through the test-only
 * router, so a slow machine never races it.
 */
const BIDDING_SECONDS = 1800;

async function auth(request: APIRequestContext, email: string) {
  const res = await request.post('/api/v1/auth/token', { form: { username: email, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return { Authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}` };
}

/** The issuer drafts and submits a challenge whose deadline is a little ahead. */
async function submittedChallenge(request: APIRequestContext, title: string) {
  const issuer = await auth(request, OWNER);
  const created = await request.post('/api/v1/challenges', {
    headers: issuer,
    data: {
      title,
      description: '新能源汽车镁合金电池壳体轻量化与防腐一体化技术攻关。',
      indicators: '壳体减重 30% 以上；盐雾试验 1000 小时无腐蚀。',
      field: 'new_energy_vehicle',
      region: 'yanhu',
      keywords: ['镁合金', '电池壳体'],
      board: 'enterprise',
      mode: 'open_call',
      bounty: 3000000,
      payer: '山西银光华盛镁业股份有限公司',
      verified_required: false,
      deadline: new Date(Date.now() + BIDDING_SECONDS * 1000).toISOString(),
      duration_months: 18,
      publicity_days: 1,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/challenges/${id}/submit`, { headers: issuer })).status()).toBe(200);
  return id;
}

async function signInAt(page: Page, path: string, email: string) {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await signInHere(page, email);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

/** The OK button of the open popconfirm. */
function confirmButton(page: Page) {
  return page.locator('.ant-popover:visible').getByRole('button', { name: /确\s?定|OK/ });
}

/** Fills the open reason dialog and confirms it. */
async function giveReason(page: Page, reason: string, ok: RegExp) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('理由').fill(reason);
  await dialog.getByRole('button', { name: ok }).click();
  await expect(dialog).toBeHidden();
}

test('publish → two bids → experts score → publicity → award → the board shows the winner → acceptance', async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  const title = uniqueTitle('镁合金电池壳体攻关');
  const id = await submittedChallenge(request, title);

  // Staff publish it (张榜) from the review desk.
  await signInAt(page, '/review', REVIEWER);
  await page.getByRole('tab', { name: '榜单' }).click();
  await page.getByRole('button', { name: `通过 ${title}` }).click();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await signOut(page);

  // The board lists it, open, with its bounty and a countdown; the number of bids is sealed.
  await page.goto('/challenges');
  const row = page.getByTestId('board-entry').filter({ hasText: title });
  await expect(row.getByTestId('bounty')).toHaveText(/3,000,000/);
  await expect(row.getByTestId('countdown')).toHaveText(/距截止 00:[0-2]\d:\d\d/);
  await expect(row.getByTestId('bid-count')).toHaveText('揭榜数：截止后公布');
  await screenshot(page, 'challenge-board');

  // The university bids through the form and gets its receipt.
  await signInAt(page, `/challenges/${id}`, UNIVERSITY_OWNER);
  await page.getByRole('button', { name: '我要揭榜' }).click();
  await page.getByLabel('负责人').fill('杨帆');
  await page.getByRole('button', { name: '添加成员' }).click();
  await page.getByLabel('姓名').fill('杨帆');
  await page.getByLabel('职称').fill('教授');
  await page.getByLabel('技术方案').fill('稀土镁合金压铸 + 微弧氧化复合涂层，一体化成形电池壳体。');
  await page.getByRole('button', { name: '添加里程碑' }).click();
  await page.getByLabel('里程碑名称').fill('小试验证');
  await page.getByLabel('第几个月').fill('6');
  await page.getByLabel('报价（元）').fill('2800000');
  await screenshot(page, 'challenge-bid-form');
  await page.getByRole('button', { name: '提交揭榜' }).click();
  const receipt = page.getByTestId('bid-receipt');
  await expect(receipt).toContainText(/[0-9a-f]{64}/);
  await expect(receipt).toContainText('核对方法');
  await expect(page.getByTestId('bid-panel')).toContainText('已提交');
  await screenshot(page, 'challenge-bid-receipt');
  // 我的揭榜 lists it, from the one request for the organisation's bids.
  await page.goto('/workspace?tab=bids');
  const mine = page.getByTestId('my-bids').getByRole('listitem').filter({ hasText: title });
  await expect(mine).toContainText('揭榜中');
  await expect(mine).toContainText('已提交');
  await signOut(page);

  // A second organisation bids through the API.
  const second = await auth(request, SECOND_BIDDER);
  const drafted = await request.post(`/api/v1/challenges/${id}/bids`, {
    headers: second,
    data: {
      leader_name: '陈静',
      approach: '铝镁复合结构与阴极电泳涂层。',
      milestones: [{ title: '样件', month: 8 }],
      price: '2500000',
    },
  });
  expect(drafted.status()).toBe(201);
  const bidId = ((await drafted.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/challenges/${id}/bids/${bidId}/submit`, { headers: second })).status()).toBe(200);

  // The deadline passes (the test-only router stands in for the wait): the challenge reads as
  // closed, with two bids and their receipts public.
  const staff = await auth(request, REVIEWER);
  const closed = await request.post(`/api/v1/_test/challenges/${id}/end-bidding`, { headers: staff });
  expect(closed.status(), await closed.text()).toBe(200);
  expect(((await closed.json()) as { status: string }).status).toBe('closed');
  await page.goto(`/challenges/${id}`);
  await expect(page.getByTestId('entry-status')).toHaveText('已截止');
  await expect(page.getByTestId('bid-count')).toHaveText('2');
  await expect(page.getByTestId('receipt-list').locator('tr.ant-table-row')).toHaveCount(2);

  // Staff check eligibility, open the review and assign the suggested expert.
  await signInAt(page, `/challenges/${id}`, REVIEWER);
  for (const org of [UNIVERSITY, SECOND]) {
    await page.getByRole('button', { name: `通过 ${org}`, exact: true }).click();
    await giveReason(page, '主体资格与揭榜条件相符', /^通\s?过$/);
  }
  await expect(page.getByTestId('staff-bids').getByText('资格审查通过')).toHaveCount(2);
  await page.getByRole('button', { name: '开始专家评审' }).click();
  await confirmButton(page).click();
  await expect(page.getByTestId('entry-status')).toHaveText('专家评审');
  const picker = page.getByTestId('panel-picker');
  await picker.getByRole('checkbox', { name: new RegExp(EXPERT_NAME) }).check();
  await picker.getByRole('button', { name: '指派专家' }).click();
  await expect(page.getByTestId('ranking')).toContainText('0/1');
  await expect(page.getByTestId('ranking')).toContainText('总分相同时');
  await signOut(page);

  // The expert accepts and scores both bids, each criterion within its range.
  await signInAt(page, `/challenges/${id}`, EXPERT);
  const scores: Record<string, string[]> = { [UNIVERSITY]: ['9', '9', '8', '8'], [SECOND]: ['7', '7', '6', '6'] };
  for (const [org, values] of Object.entries(scores)) {
    const block = page.getByRole('region', { name: org });
    await block.getByRole('button', { name: '接受评审' }).click();
    const inputs = block.getByRole('spinbutton');
    await expect(inputs).toHaveCount(4);
    await inputs.nth(0).fill('11');
    await block.getByRole('button', { name: '提交评分' }).click();
    await expect(block.getByText('请输入 0 到 10 之间的分数')).toBeVisible();
    for (const [i, v] of values.entries()) await inputs.nth(i).fill(v);
    await block.getByLabel('评审意见').fill('方案可行。');
    if (org === UNIVERSITY) await screenshot(page, 'challenge-score-form');
    await block.getByRole('button', { name: '提交评分' }).click();
    await expect(block.getByText('已提交')).toBeVisible();
  }
  await signOut(page);

  // Staff propose the first of the ranking: publicity (公示) with the proposed winner.
  await signInAt(page, `/challenges/${id}`, REVIEWER);
  await expect(page.getByTestId('ranking')).toContainText('1/1');
  await page.getByRole('button', { name: '公示评审结果' }).click();
  await confirmButton(page).click();
  await expect(page.getByTestId('entry-status')).toHaveText('公示中');
  await expect(page.getByTestId('ranking').locator('tr.ant-table-row').first()).toContainText(UNIVERSITY);
  await expect(page.getByTestId('winner')).toHaveText(new RegExp(UNIVERSITY));

  // The award waits for the end of publicity (at least one day): refused, said in Chinese.
  await page.getByRole('button', { name: /^挂\s?帅$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('理由').fill('综合评分第一');
  await dialog.getByRole('button', { name: /挂\s?帅/ }).click();
  await expect(page.getByText('公示期尚未结束')).toBeVisible();
  await dialog.getByRole('button', { name: /取\s?消/ }).click();
  await expect(dialog).toBeHidden();
  await screenshot(page, 'challenge-detail-staff');
  await signOut(page);

  // The public detail page shows the proposed winner during publicity.
  await page.goto(`/challenges/${id}`);
  await expect(page.getByTestId('winner')).toHaveText(new RegExp(UNIVERSITY));
  await screenshot(page, 'challenge-detail');

  // Publicity ends (the test-only router stands in for the day it lasts); staff award (挂帅).
  const ended = await request.post(`/api/v1/_test/challenges/${id}/end-publicity`, { headers: staff });
  expect(ended.status(), await ended.text()).toBe(200);
  await signInAt(page, `/challenges/${id}`, REVIEWER);
  await page.getByRole('button', { name: /^挂\s?帅$/ }).click();
  await giveReason(page, '综合评分第一，公示期内无异议', /挂\s?帅/);
  await expect(page.getByTestId('entry-status')).toHaveText('已挂帅');
  await expect(page.getByText('揭榜后立项项目')).toBeVisible();
  await screenshot(page, 'challenge-awarded-staff');

  // The public board shows the winner with the trophy.
  await signOut(page);
  await page.goto('/challenges?status=awarded');
  const awarded = page.getByTestId('board-entry').filter({ hasText: title });
  await expect(awarded.getByTestId('winner')).toHaveText(`揭榜方：${UNIVERSITY}`);
  await expect(awarded.getByTestId('winner').locator('.anticon-trophy')).toBeVisible();
  await expect(awarded.getByTestId('bid-count')).toHaveText('揭榜数：2');
  await screenshot(page, 'challenge-board-winner');

  // The work starts; the winner reports two milestones.
  await signInAt(page, `/challenges/${id}`, REVIEWER);
  await clickAndConfirm(page, page.getByRole('button', { name: '开始攻关' }));
  await expect(page.getByTestId('entry-status')).toHaveText('攻关中');
  await signOut(page);
  const winner = await auth(request, UNIVERSITY_OWNER);
  const milestones: Record<string, string> = {};
  for (const name of ['小试验证', '样件试制']) {
    const reported = await request.post(`/api/v1/challenges/${id}/milestones`, {
      headers: winner,
      data: { title: name, report: `${name}完成，关键指标达到预期。` },
    });
    expect(reported.status()).toBe(201);
    milestones[name] = ((await reported.json()) as { id: string }).id;
  }

  // The issuer accepts one milestone and returns the other with a reason.
  await signInAt(page, `/challenges/${id}`, OWNER);
  const issuer = page.getByTestId('issuer-panel');
  const milestone = (name: string) => issuer.getByRole('listitem').filter({ hasText: name });
  await milestone('小试验证').getByRole('button', { name: /^通\s?过$/ }).click();
  await expect(milestone('小试验证')).toContainText('已通过');
  await milestone('样件试制').getByRole('button', { name: /^退\s?回$/ }).click();
  await giveReason(page, '缺少第三方检测报告', /退\s?回/);
  await expect(milestone('样件试制')).toContainText('已退回');
  await expect(milestone('样件试制')).toContainText('缺少第三方检测报告');

  // The winner reports the returned one again: the final acceptance waits for it.
  const again = await request.put(`/api/v1/challenges/${id}/milestones/${milestones['样件试制']}`, {
    headers: winner,
    data: { title: '样件试制', report: '样件试制完成，附第三方检测报告。' },
  });
  expect(again.status()).toBe(200);
  await page.reload();
  await expect(milestone('样件试制')).toContainText('待验收');
  await clickAndConfirm(page, issuer.getByRole('button', { name: '验收通过' }));
  await expect(page.getByText('尚有里程碑未验收或退回')).toBeVisible();
  await milestone('样件试制').getByRole('button', { name: /^通\s?过$/ }).click();
  await expect(milestone('样件试制')).toContainText('已通过');
  await screenshot(page, 'challenge-issuer-milestones');
  await clickAndConfirm(page, issuer.getByRole('button', { name: '验收通过' }));
  await expect(page.getByTestId('entry-status')).toHaveText('验收通过');
  await signOut(page);

  await page.goto('/challenges?status=accepted');
  const accepted = page.getByTestId('board-entry').filter({ hasText: title });
  await expect(accepted.getByTestId('winner')).toHaveText(`揭榜方：${UNIVERSITY}`);
  await screenshot(page, 'challenge-board-accepted');
});

test('the board shows winners, fits a 375 px phone, and an awarded challenge links to its project', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/challenges');
  const awarded = page.getByTestId('board-entry').filter({ has: page.getByTestId('winner') }).first();
  await expect(awarded.getByTestId('winner')).toHaveText(/揭榜方：\S+/);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'challenge-board-375');

  const title = (await awarded.getByRole('link').first().textContent()) ?? '';
  await awarded.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('winner')).toBeVisible();
  await expect(page.getByTestId('receipt-list').locator('tr.ant-table-row').first()).toContainText(/[0-9a-f]{64}/);
  await screenshot(page, 'challenge-detail-awarded-375');

  // The thread: challenge → its project → back to the challenge.
  await page.getByText('揭榜后立项项目').locator('xpath=..').getByRole('link').click();
  await expect(page).toHaveURL(/\/projects\//);
  await page.getByTestId('challenge-thread').getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
});

test('the winner reports a milestone of the work, which waits for acceptance', async ({ page }) => {
  await page.goto('/challenges?status=in_progress');
  const entry = page.getByTestId('board-entry').filter({ hasText: '大运新能源' }).first();
  const link = entry.getByRole('link').first();
  const title = (await link.textContent()) ?? '';
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const path = new URL(page.url()).pathname;
  await signInAt(page, path, 'dayun@demo.techmarket.cn');
  const card = page.getByTestId('winner-milestones');
  const milestone = uniqueTitle('中试线建成');
  await card.getByLabel('里程碑名称').fill(milestone);
  await card.getByLabel('完成情况报告').fill('中试线已建成并连续运行 72 小时。');
  await card.getByRole('button', { name: '报告里程碑' }).click();
  await expect(card.getByRole('listitem').filter({ hasText: milestone })).toContainText('待验收');
});
