import { expect, test, type Page } from '@playwright/test';
import { choose, confirmDialog, OWNER, REVIEWER, screenshot, signInHere, signOut, uniqueTitle } from './helpers';

/** The expert of the new-energy-vehicle field (周敏, 运城职业技术大学): no tie to the applicant. */
const EXPERT = 'expert.zhou@demo.techmarket.cn';
const EXPERT_NAME = '周敏';

async function signInAt(page: Page, path: string, email: string) {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await signInHere(page, email);
  await expect(page).toHaveURL(new RegExp(`${path.replace('?', '\\?')}$`));
}

async function pickDate(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel(label, { exact: true }).press('Tab');
}

/** The staff desk's project tab at one stage. */
async function deskAt(page: Page, stage: string) {
  await page.getByRole('tab', { name: '项目评审' }).click();
  await page.locator('.ant-segmented').getByText(stage, { exact: true }).click();
}

test('an enterprise applies for a project, staff check it, an expert scores it, staff approve it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const title = uniqueTitle('新能源汽车镁合金电池壳体轻量化研发');

  // 1. The enterprise drafts its application to the rolling call; the form says what is missing.
  await signInAt(page, '/workspace?tab=projects', OWNER);
  await page.getByRole('button', { name: '申报项目' }).click();
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByText('请填写此项').first()).toBeVisible();
  await page.getByLabel('项目名称').fill(title);
  await choose(page, '申报批次', '常态制');
  await choose(page, '项目类别', '关键技术攻关');
  await page.getByLabel('项目负责人').fill('张志强');
  await choose(page, '所属领域', '新能源汽车');
  await choose(page, '所在地区', '盐湖区');
  await page.getByLabel('申请经费（元）').fill('1500000');
  await pickDate(page, '开始日期', '2027-01-01');
  await pickDate(page, '结束日期', '2026-12-01');
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByText('结束日期须晚于开始日期')).toBeVisible();
  await pickDate(page, '结束日期', '2028-12-31');
  await page.getByLabel('目标与考核指标').fill('电池壳体减重 30% 以上；盐雾试验 1000 小时无腐蚀。');
  await screenshot(page, 'project-form');
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('草稿');
  const projectUrl = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '提交申报' }).click();
  await confirmDialog(page);
  await expect(page.getByTestId('entry-status')).toHaveText('已申报');
  await signOut(page);

  // 2. Staff run the formal check and assign the suggested expert of the field.
  await signInAt(page, '/review', REVIEWER);
  await deskAt(page, '已申报');
  await page.getByRole('button', { name: `开始形式审查 ${title}` }).click();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await deskAt(page, '形式审查');
  await page.getByRole('button', { name: `形式审查通过 ${title}` }).click();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await deskAt(page, '专家评审');
  const round = page.getByRole('region', { name: `专家评审 ${title}` });
  await round.getByRole('checkbox', { name: new RegExp(EXPERT_NAME) }).check();
  await round.getByRole('button', { name: '分配所选专家' }).click();
  await expect(round.getByText('待接受')).toBeVisible();
  await expect(round.getByText('已提交 0 / 1')).toBeVisible();
  await page.getByRole('button', { name: `批准立项 ${title}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: '批准立项' }).click();
  await expect(page.getByText('专家评审尚未全部完成，暂不能立项')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: /取\s?消/ }).click();
  await screenshot(page, 'project-staff-desk');
  await signOut(page);

  // 3. The expert accepts the review and scores each criterion within its range.
  await signInAt(page, '/workspace?tab=reviews', EXPERT);
  const task = page
    .getByRole('region', { name: '项目评审任务' })
    .getByRole('listitem')
    .filter({ hasText: title });
  await task.getByRole('button', { name: '接受评审' }).click();
  const inputs = task.getByRole('spinbutton');
  await expect(inputs).toHaveCount(4);
  await inputs.nth(0).fill('11');
  await task.getByRole('button', { name: '提交评分' }).click();
  await expect(task.getByText('请输入 0 到 10 之间的分数')).toBeVisible();
  for (const [i, v] of ['9', '8', '8', '7'].entries()) await inputs.nth(i).fill(v);
  await task.getByLabel('评审意见').fill('技术路线清晰，团队基础扎实。');
  await screenshot(page, 'project-score-form');
  await task.getByRole('button', { name: '提交评分' }).click();
  // The list is read again after the submission: slow on a loaded machine.
  await expect(task.getByText('已提交').first()).toBeVisible({ timeout: 20_000 });
  await signOut(page);

  // 4. Staff see the aggregate and approve (立项) with the budget granted.
  await signInAt(page, '/review', REVIEWER);
  await deskAt(page, '专家评审');
  await expect(round.getByText('已提交 1 / 1')).toBeVisible();
  await expect(round.getByText(/加权总分：8\d/)).toBeVisible();
  await screenshot(page, 'project-staff-aggregate');
  await page.getByRole('button', { name: `批准立项 ${title}` }).click();
  const approve = page.getByRole('dialog');
  await approve.getByLabel('资助经费（元）').fill('1200000');
  await approve.getByRole('button', { name: '批准立项' }).click();
  await expect(approve).toBeHidden();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await page.goto(projectUrl);
  await expect(page.getByTestId('entry-status')).toHaveText('已立项');
  await expect(page.getByText(/^YC\d{4}-GG-\d{4}$/)).toBeVisible();
  await screenshot(page, 'project-approved');
});
