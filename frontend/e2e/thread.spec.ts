import { expect, test } from '@playwright/test';
import { screenshot, signInHere } from './helpers';

// The demo entries include completed projects with achievements published from them, and
// contracted connections (backend/techmarket/demo).

test('a project links to its achievements, and each achievement back to its project', async ({
  page,
  request,
}) => {
  const answer = await request.get('/api/v1/projects', { params: { status: 'completed', limit: 100 } });
  const projects = ((await answer.json()) as { items: { id: string; title: string }[] }).items;
  let found: { project: { id: string; title: string }; achievement: string } | undefined;
  for (const project of projects) {
    const listed = await request.get('/api/v1/achievements', { params: { project_id: project.id } });
    const items = ((await listed.json()) as { items: { title: string }[] }).items;
    if (items[0]) {
      found = { project, achievement: items[0].title };
      break;
    }
  }
  expect(found, 'a completed demo project with a published achievement').toBeTruthy();
  const { project, achievement } = found!;

  await page.goto(`/projects/${project.id}`);
  const results = page.getByRole('region', { name: '项目成果' });
  await expect(results).toBeVisible();
  await screenshot(page, 'thread-project');
  await results.getByRole('link', { name: achievement }).click();
  await expect(page.getByRole('heading', { level: 1, name: achievement })).toBeVisible();
  await page.getByRole('link', { name: project.title }).click();
  await expect(page.getByRole('heading', { level: 1, name: project.title })).toBeVisible();
});

test('the owner of an achievement sees its connections and contract', async ({ page, request }) => {
  const token = await request.post('/api/v1/auth/token', {
    form: { username: 'ycu@demo.techmarket.cn', password: 'Demo2026market' },
  });
  const headers = {
    Authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}`,
  };
  const listed = await request.get('/api/v1/connections', {
    headers,
    params: { status: 'contracted', target_type: 'achievement', role: 'owner', limit: 1 },
  });
  const connection = ((await listed.json()) as { items: { target_id: string }[] }).items[0];
  expect(connection, '运城学院 has a contracted demo connection').toBeTruthy();

  await page.goto(`/achievements/${connection!.target_id}`);
  await expect(page.getByRole('region', { name: '对接记录' })).toHaveCount(0);
  await page.locator('header').getByRole('button', { name: /登\s?录/ }).click();
  await signInHere(page, 'ycu@demo.techmarket.cn');
  // Signing in brings the user back to the achievement.
  await expect(page).toHaveURL(new RegExp(`/achievements/${connection!.target_id}$`));
  const connections = page.getByRole('region', { name: '对接记录' });
  await expect(connections).toBeVisible();
  await expect(connections.getByText('已签约').first()).toBeVisible();
  await expect(connections.getByText(/合同 .*万元/).first()).toBeVisible();
  await screenshot(page, 'thread-achievement-connections');
});
