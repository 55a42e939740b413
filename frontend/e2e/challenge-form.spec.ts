import { expect, test, type Page } from '@playwright/test';
import {
  choose,
  clickAndConfirm,
  REVIEWER,
  screenshot,
  seedPublishedDemand,
  signInHere,
  uniqueTitle,
} from './helpers';

/** The form item around an input, where antd shows the input's error. */
function itemOf(page: Page, label: string) {
  return page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
}

test('staff raise a challenge from a demand in the browser, with the form checking its rules in Chinese', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const demandTitle = uniqueTitle('镁合金压铸防腐需求');
  const demandId = await seedPublishedDemand(request, demandTitle);

  await page.goto(`/login?next=${encodeURIComponent(`/demands/${demandId}`)}`);
  await signInHere(page, REVIEWER);
  await page.getByTestId('raise-challenge').click();
  await expect(page).toHaveURL(/\/workspace\/challenges\/new\?demand=/);

  // The form starts from the demand: its title, problem and origin.
  await expect(page.getByLabel('榜单名称')).toHaveValue(demandTitle);
  await expect(page.getByText('来源需求：')).toContainText(demandTitle);
  const title = uniqueTitle('镁合金压铸件防腐攻关');
  await page.getByLabel('榜单名称').fill(title);
  await page.getByLabel('技术指标').fill('中性盐雾试验 ≥ 500 小时；涂层附着力 0 级。');
  await page.getByRole('radio', { name: '政府榜' }).check();
  await page.getByLabel('出资方').fill('运城市科学技术局');
  await page.getByLabel('榜额（元）').fill('2000000');
  await page.getByLabel('揭榜截止时间').fill('2030-12-31 17:00');
  await page.getByLabel('揭榜截止时间').press('Tab');

  // A directed challenge needs invitations and a written justification.
  await page.getByRole('radio', { name: '定向委托' }).check();
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(itemOf(page, '定向委托理由')).toContainText('请填写此项');
  await expect(itemOf(page, '受邀机构')).toContainText('请填写此项');
  await page.getByRole('radio', { name: '揭榜挂帅' }).check();

  // The weights of the criteria must sum to 100.
  const criteria = page.getByTestId('criteria');
  await criteria.getByRole('button', { name: '删除 报价合理性' }).click();
  await expect(page.getByTestId('weight-total')).toHaveText('权重合计：90');
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(criteria).toContainText('各项权重之和须为 100，当前为 90');
  await criteria.getByLabel('权重').first().fill('50');
  await expect(page.getByTestId('weight-total')).toHaveText('权重合计：100');
  await expect(criteria).not.toContainText('当前为 90');
  await choose(page, '允许揭榜的机构类型', '高校');
  await screenshot(page, 'challenge-form');

  // Saved as a draft; the detail page links back to the demand.
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('草稿');
  await expect(page.getByRole('link', { name: demandTitle })).toBeVisible();
  const criteriaTable = page.getByRole('table').filter({ hasText: '技术方案先进性' });
  await expect(criteriaTable).toContainText('50%');

  // The issuer (here the bureau itself) submits it for review; staff publish it (张榜).
  const issuer = page.getByTestId('issuer-panel');
  await clickAndConfirm(page, issuer.getByRole('button', { name: '提交审核' }));
  await expect(page.getByTestId('entry-status')).toHaveText('待审核');
  await clickAndConfirm(page, page.getByTestId('staff-actions').getByRole('button', { name: '审核通过并张榜' }));
  await expect(page.getByTestId('entry-status')).toHaveText('揭榜中');
  await screenshot(page, 'challenge-issued');

  // The thread, the other way: the demand lists the challenge raised from it.
  await page.goto(`/demands/${demandId}`);
  await expect(page.getByTestId('challenge-thread').getByRole('link', { name: title })).toBeVisible();

  // Its terms can still change before the deadline, which bidders then re-confirm.
  await page.goto('/workspace?tab=challenges');
  await page.getByTestId('my-challenges').getByRole('link', { name: title }).click();
  await page.getByTestId('issuer-panel').getByRole('button', { name: '变更榜单条款' }).click();
  await expect(page.getByText('已提交的揭榜申请须由揭榜方重新确认')).toBeVisible();
  await page.getByLabel('榜额（元）').fill('2500000');
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByTestId('bounty')).toHaveText(/2,500,000/);
});
