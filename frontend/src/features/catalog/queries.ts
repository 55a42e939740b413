import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Taxonomy = components['schemas']['Taxonomy'];
export type Term = components['schemas']['TermRead'];

export const catalogKeys = {
  all: ['catalog'] as const,
  terms: (taxonomy: Taxonomy) => [...catalogKeys.all, taxonomy] as const,
};

export const termsQuery = (taxonomy: Taxonomy) =>
  queryOptions({
    queryKey: catalogKeys.terms(taxonomy),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/catalog/{taxonomy}', { params: { path: { taxonomy } } })),
    staleTime: 10 * 60_000,
  });

/** Select options `{value: code, label: name}` for a taxonomy. */
export function useTermOptions(taxonomy: Taxonomy) {
  const { data } = useQuery(termsQuery(taxonomy));
  return useMemo(() => (data ?? []).map((t) => ({ value: t.code, label: t.name })), [data]);
}

/** code → Chinese name for a taxonomy; unknown codes show as they are. */
export function useTermName(taxonomy: Taxonomy): (code: string | null | undefined) => string {
  const { data } = useQuery(termsQuery(taxonomy));
  return useMemo(() => {
    const names = new Map((data ?? []).map((t) => [t.code, t.name]));
    return (code) => (code ? (names.get(code) ?? code) : '');
  }, [data]);
}
