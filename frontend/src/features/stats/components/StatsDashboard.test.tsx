import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../../app/providers';
import type { StatsOverview } from '../queries';
import { StatsDashboard } from './StatsDashboard';

// Canvas drawing is ECharts' business and jsdom has no canvas: a chart here is its label.
vi.mock('./Chart', () => ({
  Chart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

const months = (count: number) =>
  Array.from({ length: 12 }, (_, i) => ({
    month: `2026-${String(i + 1).padStart(2, '0')}`,
    count: i === 11 ? count : 0,
  }));

function overview(demands: number): StatsOverview {
  const collection = {
    by_field: demands ? [{ key: 'semiconductor', label: '半导体', count: demands }] : [],
    by_region: demands ? [{ key: 'jishan', label: '稷山县', count: demands }] : [],
    by_month: months(demands),
  };
  return {
    figures: {
      demands,
      achievements: 0,
      projects: 0,
      organizations: 7,
      connections: 0,
      contracts: 0,
      contract_turnover: '0',
    },
    demands: collection,
    achievements: { ...collection, by_field: [], by_region: [], by_month: months(0) },
    projects: { ...collection, by_field: [], by_region: [], by_month: months(0) },
    connections_by_status: [],
    turnover_by_month: months(0).map((m) => ({ month: m.month, contracts: 0, amount: '0' })),
  };
}

function renderDashboard(answer: () => Response) {
  vi.stubGlobal('fetch', vi.fn(async () => answer()));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '/', element: <StatsDashboard /> }]);
  render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('StatsDashboard', () => {
  it('shows the key figures and the charts of public entries', async () => {
    renderDashboard(() => json(overview(3)));
    const figure = await screen.findByRole('listitem', { name: '技术需求' });
    expect(within(figure).getByText('3')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '需求按技术领域' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '近 12 个月发布' })).toBeInTheDocument();
    // No contract yet: the turnover card says so instead of drawing an empty chart.
    expect(screen.queryByRole('img', { name: /技术合同成交/ })).not.toBeInTheDocument();
  });

  it('switches the field and region charts to another collection', async () => {
    renderDashboard(() => json(overview(3)));
    await screen.findByRole('img', { name: '需求按技术领域' });
    fireEvent.click(screen.getByText('成果'));
    expect(await screen.findByText('成果 · 按技术领域')).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: '成果按技术领域' })).not.toBeInTheDocument();
  });

  it('says so when nothing is public yet', async () => {
    renderDashboard(() => json(overview(0)));
    expect(await screen.findByText('平台暂无公开数据')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('offers a retry when the statistics cannot be loaded', async () => {
    renderDashboard(() =>
      json({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal' }, 500),
    );
    expect(await screen.findByText('统计数据加载失败')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /重\s?试/ })).toBeInTheDocument();
  });
});
