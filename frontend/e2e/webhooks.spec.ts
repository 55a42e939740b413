import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { seedPublishedDemand, signInHere, uniqueTitle } from './helpers';

const ADMIN = 'admin@demo.techmarket.cn';

type Arrival = { headers: IncomingMessage['headers']; body: string };

/** A real receiver on 127.0.0.1 that records what the platform's worker POSTs to it. */
async function startReceiver(): Promise<{ server: Server; url: string; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrivals.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, arrivals };
}

test('an admin subscribes a receiver, keeps the secret shown once, and sees the delivery logged', async ({
  page,
  request,
}) => {
  const receiver = await startReceiver();
  try {
    await page.goto('/admin/webhooks');
    await signInHere(page, ADMIN);
    await expect(page.getByRole('heading', { level: 1, name: '事件推送（Webhook）' })).toBeVisible();

    await page.getByRole('button', { name: '新建订阅' }).click();
    const form = page.getByRole('dialog', { name: '新建订阅' });
    await form.getByLabel('接收地址').fill(receiver.url);
    await form.getByLabel('订阅事件').fill('技术需求 · 已发布');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '技术需求 · 已发布' }).click();
    await page.keyboard.press('Escape');
    await expect(form.locator('.ant-select')).toContainText('技术需求 · 已发布');
    await form.getByLabel('备注').fill('ERP 对接');
    await form.getByRole('button', { name: /创\s?建/ }).click();

    const shown = page.getByRole('dialog', { name: '订阅已创建' });
    await expect(shown).toContainText('只显示这一次');
    const secret = (await shown.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: '我已保存' }).click();
    await expect(shown).toBeHidden();

    const row = page.getByRole('row').filter({ hasText: receiver.url });
    await expect(row).toContainText('技术需求 · 已发布');
    await expect(page.locator('main')).not.toContainText(secret);

    // A demand published through the API reaches the receiver through the platform's worker.
    const title = uniqueTitle('Webhook 演示需求');
    const demandId = await seedPublishedDemand(request, title);
    await expect.poll(() => receiver.arrivals.length, { timeout: 20_000 }).toBe(1);
    const [arrival] = receiver.arrivals;
    expect(arrival?.headers['x-techmarket-event']).toBe('demand.published');
    const signature = createHmac('sha256', secret).update(arrival?.body ?? '').digest('hex');
    expect(arrival?.headers['x-techmarket-signature']).toBe(`sha256=${signature}`);
    expect(JSON.parse(arrival?.body ?? '{}')).toMatchObject({ data: { id: demandId, title } });

    await row.getByRole('button', { name: '推送记录' }).click();
    const log = page.locator('.ant-drawer');
    await expect(log.getByRole('row').filter({ hasText: '技术需求 · 已发布' })).toContainText('成功');
    await expect(log).toContainText('HTTP 204');
    await page.screenshot({ path: 'test-results/admin-webhooks-deliveries.png', fullPage: true });
    await log.getByRole('button', { name: '关闭' }).click();

    // Pausing it is one switch.
    await row.getByRole('switch').click();
    await expect(row.getByRole('switch')).not.toBeChecked();
    await page.screenshot({ path: 'test-results/admin-webhooks.png', fullPage: true });
  } finally {
    receiver.server.close();
  }
});
