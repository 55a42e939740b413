import { expect, test } from '@playwright/test';
import {
  approveInReviewDesk,
  choose,
  confirmDialog,
  OWNER,
  postDemand,
  REVIEWER,
  signInHere,
  signOut,
  uniqueTitle,
} from './helpers';

test('owner posts and submits a demand, reviewer approves it, the public sees it', async ({ page }) => {
  const title = uniqueTitle('高纯镁提纯工艺');

  // A protected page sends the visitor to the login and back.
  await page.goto('/workspace');
  await expect(page).toHaveURL(/\/login\?next=%2Fworkspace$/);
  await signInHere(page, OWNER);
  await expect(page).toHaveURL(/\/workspace$/);
  await expect(page.getByRole('tab', { name: '我的需求' })).toBeVisible();

  await postDemand(page, {
    title,
    description: '需要将镁的纯度提升到 99.99%。',
    field: '特种金属材料',
    region: '闻喜县',
    demandType: '技术攻关',
  });
  await expect(page.getByTestId('budget')).toHaveText('面议');
  await page.getByRole('button', { name: '提交审核' }).click();
  await confirmDialog(page);
  await expect(page.getByTestId('entry-status')).toHaveText('待审核');

  await signOut(page);

  await page.goto('/review');
  await expect(page).toHaveURL(/\/login\?next=%2Freview$/);
  await signInHere(page, REVIEWER);
  await expect(page).toHaveURL(/\/review$/);
  await approveInReviewDesk(page, title);

  await signOut(page);
  await page.goto('/demands');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
});

test('a field error from the server is shown next to its field', async ({ page }) => {
  await page.goto('/login?next=%2Fworkspace%2Fdemands%2Fnew');
  await signInHere(page, OWNER);
  await expect(page).toHaveURL(/\/workspace\/demands\/new$/);
  await page.getByLabel('需求名称').fill(uniqueTitle('过期需求'));
  await page.getByLabel('需求描述').fill('有效期在过去。');
  await choose(page, '所属领域', '特种金属材料');
  await choose(page, '所在地区', '闻喜县');
  await choose(page, '需求类型', '技术咨询');
  await page.getByLabel('有效期至').fill('2020-01-01');
  await page.getByLabel('有效期至').press('Tab');
  await page.getByRole('button', { name: /保\s?存/ }).click();

  const item = page.locator('.ant-form-item').filter({ has: page.getByLabel('有效期至') });
  await expect(item.locator('.ant-form-item-explain-error')).toHaveText('日期不能早于今天');
});
