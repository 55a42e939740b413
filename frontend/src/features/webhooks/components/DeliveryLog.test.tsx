import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { Delivery, Webhook } from '../queries';
import { DeliveryLog } from './DeliveryLog';

const webhook: Webhook = {
  id: 'sub-1',
  url: 'https://erp.example.cn/hook',
  description: null,
  event_types: ['demand.published'],
  active: true,
  created_at: '2026-11-26T08:00:00Z',
  updated_at: '2026-11-26T08:00:00Z',
};

const failed: Delivery = {
  id: 'del-1',
  subscription_id: 'sub-1',
  event_id: 'evt-1',
  event_type: 'demand.published',
  status: 'failed',
  attempts: 8,
  next_attempt_at: null,
  last_attempt_at: '2026-11-26T09:00:00Z',
  last_response_code: 503,
  last_error: 'HTTP 503',
  last_duration_ms: 42,
  created_at: '2026-11-26T08:30:00Z',
  payload: { id: 'evt-1', type: 'demand.published', data: {} },
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('DeliveryLog', () => {
  it('shows each delivery with its outcome and redelivers on request', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        calls.push(`${request.method} ${url.pathname}${url.search}`);
        if (request.method === 'POST') return json({ ...failed, status: 'pending', attempts: 0 });
        return json({ items: [failed], next_cursor: null });
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <App>
          <DeliveryLog webhook={webhook} onClose={() => undefined} />
        </App>
      </QueryClientProvider>,
    );
    const row = (await screen.findByText('HTTP 503')).closest('tr');
    expect(row).not.toBeNull();
    expect(within(row!).getByText('失败')).toBeInTheDocument();
    expect(within(row!).getByText('技术需求 · 已发布')).toBeInTheDocument();
    expect(within(row!).getByText('42 ms')).toBeInTheDocument();

    fireEvent.click(within(row!).getByRole('button', { name: '重新推送 del-1' }));
    await waitFor(() =>
      expect(calls).toContain('POST /api/v1/admin/webhooks/deliveries/del-1/redeliver'),
    );
    expect(await screen.findByText('已安排重新推送')).toBeInTheDocument();
    expect(calls[0]).toBe('GET /api/v1/admin/webhooks/sub-1/deliveries?limit=20');
  });

  it('says so when there is nothing yet', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [], next_cursor: null })));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <DeliveryLog webhook={webhook} onClose={() => undefined} />
        </App>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('暂无推送记录')).toBeInTheDocument();
  });
});
