import { expect, test } from '@playwright/test';
import { choose, confirmDialog, REVIEWER, signInHere, signOut, uniqueTitle, UNIVERSITY_OWNER } from './helpers';

test('a university lists and submits an achievement, the reviewer approves it, the public sees it', async ({
  page,
}) => {
  const title = uniqueTitle('镁合金高效提纯技术');

  await page.goto('/workspace?tab=achievements');
  await signInHere(page, UNIVERSITY_OWNER);
  await expect(page.getByRole('tab', { name: '我的成果' })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('button', { name: '新建成果' }).click();
  await expect(page).toHaveURL(/\/workspace\/achievements\/new$/);
  await page.getByLabel('成果名称').fill(title);
  await page.getByLabel('成果简介').fill('真空蒸馏提纯镁，纯度达到 99.99%。');
  await choose(page, '所属领域', '特种金属材料');
  await choose(page, '所在地区', '闻喜县');
  await choose(page, '成熟度', '中试');
  await choose(page, '转化方式', '许可');
  await page.keyboard.press('Escape');
  await page.getByLabel('价格面议').check();
  await page.getByLabel('完成人').fill('杨帆');
  await page.getByLabel('完成人').press('Enter');
  await page.getByRole('button', { name: /保\s?存/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('草稿');
  await expect(page.getByTestId('price')).toHaveText('面议');
  await page.getByRole('button', { name: '提交审核' }).click();
  await confirmDialog(page);
  await expect(page.getByTestId('entry-status')).toHaveText('待审核');
  await expect(page.getByRole('button', { name: '撤回审核' })).toBeVisible();

  // Writing the same title again warns about the entry just listed.
  await page.goto('/workspace/achievements/new');
  await page.getByLabel('成果名称').fill(title);
  const warning = page.getByTestId('similar-warning');
  await expect(warning).toContainText('发现相似条目，请确认是否重复发布');
  await expect(warning.getByRole('link', { name: title })).toHaveAttribute('href', /\/achievements\//);
  await expect(warning).toContainText('本机构');

  await signOut(page);

  await page.goto('/review');
  await signInHere(page, REVIEWER);
  await expect(page).toHaveURL(/\/review$/);
  await page.getByRole('tab', { name: '待审成果' }).click();
  await page.getByRole('button', { name: `通过 ${title}` }).click();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);

  await signOut(page);
  await page.goto('/achievements');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
});
