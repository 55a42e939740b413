import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../app/providers';
import { MatchCountLink } from './MatchCountLink';
import { MatchList, MatchPanel } from './MatchPanel';
import { reasonTags, type Match } from './queries';

const match = (over: Partial<Match>): Match => ({
  type: 'achievement',
  id: '00000000-0000-0000-0000-000000000001',
  title: '镁合金压铸表面防腐技术',
  field: 'special_metal',
  region: 'wenxi',
  status: 'published',
  score: 12.5,
  reasons: { shared_terms: ['镁合金', '防腐'], same_field: true, maturity: 'pilot' },
  ...over,
});

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const TERMS: Record<string, { code: string; name: string }[]> = {
  maturity: [{ code: 'pilot', name: '中试' }],
  field: [
    { code: 'special_metal', name: '特种金属材料' },
    { code: 'new_energy', name: '新能源' },
  ],
};

/** Answers the catalog as the API does, and the matches with `matches`. */
function stubApi(matches: () => Response) {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const catalog = /\/api\/v1\/catalog\/(\w+)$/.exec(url.pathname);
    if (catalog) {
      const taxonomy = catalog[1] ?? '';
      return json((TERMS[taxonomy] ?? []).map((t) => ({ ...t, taxonomy })));
    }
    if (url.pathname.endsWith('/matches')) return matches();
    throw new Error(`Unexpected call: ${url.pathname}`);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function renderIn(element: React.ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '/', element }]);
  render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

const demand = { id: 'd-1', status: 'published', organization_id: 'org-1' };

describe('reasonTags', () => {
  it('names the shared terms, the same field and the maturity by its catalog name', () => {
    const tags = reasonTags(match({}).reasons, (code) => (code === 'pilot' ? '中试' : code));
    expect(tags.map((t) => t.label)).toEqual(['共同关键词：镁合金、防腐', '同一领域', '成熟度：中试']);
  });

  it('shows the five most telling shared terms and says there are more', () => {
    const terms = ['镁合金', '压铸', '防腐', '涂层', '表面', '工艺'];
    const [tag] = reasonTags({ shared_terms: terms, same_field: false, maturity: null }, String);
    expect(tag?.label).toBe('共同关键词：镁合金、压铸、防腐、涂层、表面 等');
  });

  it('gives no tag for a reason that does not hold', () => {
    const tags = reasonTags({ shared_terms: [], same_field: false, maturity: null }, String);
    expect(tags).toEqual([]);
  });
});

describe('MatchPanel', () => {
  it('lists the achievements best first, each linked, with its reasons as tags', async () => {
    const fetch = stubApi(() =>
      json({
        matches: [
          match({}),
          match({
            id: 'a-2',
            title: '光伏组件回收工艺',
            field: 'new_energy',
            reasons: { shared_terms: ['回收'], same_field: false, maturity: null },
          }),
        ],
        took_ms: 4,
      }),
    );
    renderIn(<MatchPanel source="demand" entry={demand} />);
    const panel = await screen.findByRole('region', { name: '匹配成果' });
    await within(panel).findByRole('link', { name: '光伏组件回收工艺' });
    const items = within(panel).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole('link', { name: '镁合金压铸表面防腐技术' })).toHaveAttribute(
      'href',
      '/achievements/00000000-0000-0000-0000-000000000001',
    );
    expect(items[0]).toHaveTextContent('共同关键词：镁合金、防腐');
    expect(items[0]).toHaveTextContent('同一领域');
    expect(await within(items[0]!).findByText('成熟度：中试')).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('共同关键词：回收');
    expect(items[1]).not.toHaveTextContent('同一领域');
    expect(items[1]).not.toHaveTextContent('成熟度');
    // Another field is named instead of "same field".
    expect(await within(items[1]!).findByText('新能源')).toBeInTheDocument();
    // A visitor cannot ask to connect.
    expect(within(panel).queryByRole('button', { name: /申请对接/ })).not.toBeInTheDocument();
    const asked = fetch.mock.calls
      .map(([input]) => (input instanceof Request ? input.url : String(input)))
      .find((u) => u.includes('/matches'));
    expect(asked).toMatch(/\/api\/v1\/demands\/d-1\/matches\?limit=10$/);
  });

  it('names the panel after what is matched: demands for an achievement', async () => {
    stubApi(() => json({ matches: [match({ type: 'demand', id: 'd-9', title: '压铸件防腐' })], took_ms: 3 }));
    renderIn(<MatchPanel source="achievement" entry={{ ...demand, id: 'a-1' }} />);
    const panel = await screen.findByRole('region', { name: '匹配需求' });
    expect(await within(panel).findByRole('link', { name: '压铸件防腐' })).toHaveAttribute(
      'href',
      '/demands/d-9',
    );
  });

  it('says 暂无匹配 when nothing matches', async () => {
    stubApi(() => json({ matches: [], took_ms: 2 }));
    renderIn(<MatchPanel source="demand" entry={demand} />);
    const panel = await screen.findByRole('region', { name: '匹配成果' });
    expect(await within(panel).findByText('暂无匹配')).toBeInTheDocument();
  });

  it('says matching is briefly unavailable when search is down (503)', async () => {
    stubApi(() =>
      json(
        { type: 'about:blank', title: 'Search is unavailable', status: 503, code: 'search.unavailable' },
        503,
        'application/problem+json',
      ),
    );
    renderIn(<MatchPanel source="demand" entry={demand} />);
    const panel = await screen.findByRole('region', { name: '匹配成果' });
    expect(await within(panel).findByText('匹配服务暂时不可用，请稍后再试')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: /重\s?试/ })).toBeInTheDocument();
    expect(within(panel).queryByText('暂无匹配')).not.toBeInTheDocument();
  });

  it("is not shown, and asks nothing, for someone else's unpublished entry", () => {
    const fetch = stubApi(() => json({ matches: [], took_ms: 1 }));
    renderIn(<MatchPanel source="demand" entry={{ ...demand, status: 'pending_review' }} />);
    expect(screen.queryByRole('region', { name: '匹配成果' })).not.toBeInTheDocument();
    expect(fetch.mock.calls.some(([input]) => String(input instanceof Request ? input.url : input).includes('/matches'))).toBe(false);
  });
});

describe('MatchList', () => {
  it('offers 申请对接 on each match to a verified organisation', async () => {
    stubApi(() => json({ matches: [], took_ms: 1 }));
    renderIn(<MatchList matches={[match({}), match({ id: 'a-2', title: '另一项成果' })]} canConnect />);
    expect(await screen.findByRole('button', { name: '申请对接 镁合金压铸表面防腐技术' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '申请对接 另一项成果' })).toBeInTheDocument();
  });
});

describe('MatchCountLink', () => {
  const summary = (count: number, more: boolean) => ({ id: 'd-1', count, more, best: match({}) });

  it('links to the matches on the entry page with their count, "+" when there are more', () => {
    renderIn(
      <MatchCountLink source="demand" id="d-1" title="镁合金压铸需求" summary={summary(10, true)} pending={false} />,
    );
    const link = screen.getByRole('link', { name: '匹配成果 镁合金压铸需求' });
    expect(link).toHaveAttribute('href', '/demands/d-1#matches');
    expect(link).toHaveTextContent('匹配成果 10+');
    expect(link).toHaveAttribute('title', '最佳匹配：镁合金压铸表面防腐技术');
  });

  it('shows the exact count when there are no more, and an ellipsis while loading', () => {
    renderIn(
      <>
        <MatchCountLink source="achievement" id="a-1" title="镁合金防腐技术" summary={summary(1, false)} pending={false} />
        <MatchCountLink source="achievement" id="a-2" title="另一项成果" summary={undefined} pending />
      </>,
    );
    expect(screen.getByRole('link', { name: '匹配需求 镁合金防腐技术' })).toHaveTextContent('匹配需求 1');
    expect(screen.getByRole('link', { name: '匹配需求 另一项成果' })).toHaveTextContent('匹配需求 …');
  });
});
