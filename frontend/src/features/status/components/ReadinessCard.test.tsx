import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../../app/providers';
import type { Readiness } from '../queries';
import { ReadinessCard } from './ReadinessCard';

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function renderCard(fetchImpl: (request: Request) => Promise<Response>) {
  const fetchMock = vi.fn(fetchImpl);
  vi.stubGlobal('fetch', fetchMock);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders queryClient={queryClient}>
      <ReadinessCard />
    </AppProviders>,
  );
  return fetchMock;
}

const allOk: Readiness = {
  status: 'ok',
  components: {
    database: { status: 'ok', detail: null },
    migrations: { status: 'ok', detail: null },
    search: { status: 'ok', detail: null },
  },
};

describe('ReadinessCard', () => {
  it('shows 服务就绪 and 正常 for every component when the API is ready', async () => {
    const fetchMock = renderCard(async () => jsonResponse(allOk, 200));

    expect(await screen.findByText('服务就绪')).toBeInTheDocument();
    for (const label of ['数据库', '数据库结构', '搜索引擎']) {
      const row = screen.getByRole('listitem', { name: label });
      expect(within(row).getByText('正常')).toBeInTheDocument();
    }
    expect(screen.queryByText('异常')).not.toBeInTheDocument();

    const request = fetchMock.mock.calls[0]?.[0];
    expect(new URL(request!.url).pathname).toBe('/api/v1/ready');
  });

  it('treats a 503 readiness body as data: 服务未就绪, 异常 and the detail', async () => {
    const body: Readiness = {
      status: 'unavailable',
      components: {
        database: { status: 'ok', detail: null },
        migrations: { status: 'error', detail: 'database is at revision abc, expected def' },
        search: { status: 'ok', detail: null },
      },
    };
    renderCard(async () => jsonResponse(body, 503));

    expect(await screen.findByText('服务未就绪')).toBeInTheDocument();
    const migrations = screen.getByRole('listitem', { name: '数据库结构' });
    expect(within(migrations).getByText('异常')).toBeInTheDocument();
    expect(
      within(migrations).getByText('database is at revision abc, expected def'),
    ).toBeInTheDocument();
    const database = screen.getByRole('listitem', { name: '数据库' });
    expect(within(database).getByText('正常')).toBeInTheDocument();
    expect(screen.queryByText('API 不可达')).not.toBeInTheDocument();
  });

  it('shows a loading state before the first answer', () => {
    renderCard(() => new Promise<Response>(() => {}));
    expect(screen.getByText('正在检查服务状态…')).toBeInTheDocument();
  });

  it('shows API 不可达 on a network failure', async () => {
    const fetchMock = renderCard(async () => {
      throw new TypeError('fetch failed');
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('API 不可达');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('shows API 不可达 when the answer is not JSON', async () => {
    const fetchMock = renderCard(
      async () =>
        new Response('<!doctype html><title>proxy error</title>', {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('API 不可达');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('shows API 不可达 on a 502 from a proxy', async () => {
    const fetchMock = renderCard(async () => new Response('Bad Gateway', { status: 502 }));
    expect(await screen.findByRole('alert')).toHaveTextContent('API 不可达');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
