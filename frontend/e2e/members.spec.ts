import { expect, test } from '@playwright/test';
import { OWNER, screenshot, signInHere, signOut, uniqueTitle } from './helpers';

test('an owner invites a colleague, who joins with the link and is signed in', async ({ page }) => {
  const email = `${uniqueTitle('colleague')}@example.cn`;
  await page.goto('/workspace/members');
  await signInHere(page, OWNER);
  await page.getByLabel('同事邮箱').fill(email);
  await page.getByRole('button', { name: '生成邀请链接' }).click();
  const link = page.getByTestId('invitation-link');
  await expect(link).toContainText('/invitations/');
  await screenshot(page, 'members-invite');
  const url = (await link.textContent()) ?? '';
  await signOut(page);

  await page.goto(new URL(url).pathname);
  await page.getByLabel('姓名').fill('赵敏');
  await page.getByLabel('登录密码').fill('Colleague-2026-join');
  await page.getByRole('button', { name: '加入机构' }).click();
  await expect(page).toHaveURL(/\/workspace$/);
  await expect(page.locator('header')).toContainText('赵敏');
  await screenshot(page, 'members-joined');

  // The link works once.
  await signOut(page);
  await page.goto(new URL(url).pathname);
  await page.getByLabel('姓名').fill('冒用者');
  await page.getByLabel('登录密码').fill('Another-2026-join');
  await page.getByRole('button', { name: '加入机构' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
});
