import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../../app/providers';
import type { Connection } from '../../thread/queries';
import { ConnectionActions } from './ConnectionActions';

const connection = (over: Partial<Connection>): Connection => ({
  id: 'c-1',
  status: 'requested',
  target_type: 'demand',
  target_id: 'd-1',
  target_title: '镁合金压铸件表面防腐',
  requester_organization_id: 'o-2',
  requester_organization_name: '运城学院',
  requester_user_id: null,
  owner_organization_id: 'o-1',
  owner_organization_name: '山西银光华盛镁业股份有限公司',
  role: 'owner',
  actions: ['accept', 'decline'],
  message: '希望对接',
  close_reason: null,
  contract_amount: null,
  contract_date: null,
  accepted_at: null,
  contracted_at: null,
  closed_at: null,
  created_at: '2026-11-20T08:00:00Z',
  updated_at: '2026-11-20T08:00:00Z',
  ...over,
});

function setUp(c: Connection) {
  const posted: { path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const text = await input.text();
      posted.push({ path: new URL(input.url).pathname, body: text ? JSON.parse(text) : null });
      return new Response(JSON.stringify(c), { headers: { 'Content-Type': 'application/json' } });
    }),
  );
  const router = createMemoryRouter([{ path: '/', element: <ConnectionActions connection={c} /> }]);
  render(
    <AppProviders queryClient={new QueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return posted;
}

describe('ConnectionActions', () => {
  it('offers only the actions the server allows the caller', () => {
    setUp(connection({ role: 'requester', actions: ['close'] }));
    expect(screen.getByRole('button', { name: /关闭对接/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /接受/ })).not.toBeInTheDocument();
  });

  it('asks the reason before declining, then sends it', async () => {
    const posted = setUp(connection({}));
    fireEvent.click(screen.getByRole('button', { name: /拒绝/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(screen.getAllByRole('button', { name: /拒\s*绝/ }).at(-1) as HTMLElement);
    expect(await screen.findByText('请填写原因')).toBeInTheDocument();
    expect(posted).toEqual([]);
    fireEvent.change(dialog.querySelector('textarea') as HTMLTextAreaElement, {
      target: { value: '暂无合作计划' },
    });
    fireEvent.click(screen.getAllByRole('button', { name: /拒\s*绝/ }).at(-1) as HTMLElement);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]?.path).toBe('/api/v1/connections/c-1/decline');
    expect(posted[0]?.body).toMatchObject({ reason: '暂无合作计划' });
  }, 20_000);

  it('asks for the contract terms before recording the contract', async () => {
    const posted = setUp(connection({ status: 'negotiating', actions: ['contract', 'close'] }));
    fireEvent.click(screen.getByRole('button', { name: /登记合同/ }));
    fireEvent.click(await screen.findByRole('button', { name: /确认登记/ }));
    expect(await screen.findByText('请填写合同金额')).toBeInTheDocument();
    expect(await screen.findByText('请选择签订日期')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '需求已解决' })).toBeInTheDocument();
    expect(posted).toEqual([]);
  }, 20_000);
});
