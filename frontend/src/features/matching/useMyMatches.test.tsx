import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useMyMatches } from './queries';

function Counts({ entries }: { entries: { id: string; status: string }[] }) {
  const { summaries, pending } = useMyMatches('demand', entries);
  return <p>{pending ? 'pending' : [...summaries.values()].map((s) => `${s.id}:${s.count}`).join(',')}</p>;
}

describe('useMyMatches', () => {
  it('asks once per page of twenty entries on the market, never once per entry', async () => {
    const asked: string[][] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        const ids = new URL(input.url).searchParams.getAll('ids');
        asked.push(ids);
        const items = ids.map((id) => ({ id, count: 2, more: false, best: null }));
        return new Response(JSON.stringify({ items, took_ms: 3 }), {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const entries = [
      ...Array.from({ length: 24 }, (_, i) => ({ id: `d-${i}`, status: 'published' })),
      { id: 'draft', status: 'draft' },
      { id: 'started', status: 'in_progress' },
    ];
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Counts entries={entries} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText(/d-0:2/)).toBeInTheDocument();
    expect(asked.map((ids) => ids.length)).toEqual([20, 5]);
    expect(asked.flat()).not.toContain('draft');
    expect(asked.flat()).toContain('started');
  });
});
