import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type SearchAnswer = components['schemas']['SearchAnswer'];
export type SearchHit = components['schemas']['SearchHit'];
export type SearchParams = NonNullable<operations['search']['parameters']['query']>;

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_TYPES = ['demand', 'achievement', 'project', 'challenge'] as const;
export const FILTERS = ['field', 'region', 'status', 'maturity'] as const;

export const searchQuery = (params: SearchParams) =>
  queryOptions({
    queryKey: ['search', params] as const,
    queryFn: async () => unwrap(await api.GET('/api/v1/search', { params: { query: params } })),
    placeholderData: keepPreviousData,
    retry: false,
  });

/** The search request of a page's URL: `?q=&types=&field=&region=&status=&maturity=&page=`. */
export function paramsFromUrl(url: URLSearchParams): SearchParams {
  const page = Math.max(1, Number(url.get('page') ?? '1') || 1);
  const params: SearchParams = {
    q: url.get('q') ?? '',
    limit: SEARCH_PAGE_SIZE,
    offset: (page - 1) * SEARCH_PAGE_SIZE,
  };
  const types = (url.get('types') ?? '').split(',').filter((t) => (SEARCH_TYPES as readonly string[]).includes(t));
  if (types.length) params.types = types.join(',');
  for (const name of FILTERS) {
    const value = url.get(name);
    if (value) params[name] = value;
  }
  return params;
}
