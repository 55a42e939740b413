import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type SimilarEntry = components['schemas']['SimilarEntry'];

/** Titles shorter than this are not worth comparing. */
export const SIMILAR_MIN_LENGTH = 4;
export const SIMILAR_SHOWN = 5;

export const similarQuery = (title: string, exclude?: string) =>
  queryOptions({
    queryKey: ['similar', title, exclude ?? null] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/similar', {
          params: { query: { title, exclude: exclude ?? null, limit: SIMILAR_SHOWN } },
        }),
      ),
    staleTime: 60_000,
  });

/** `value`, once it has stayed the same for `delay` ms. */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** Entries titled like `title` (other than `exclude`); nothing for short titles. */
export function useSimilarEntries(title: string | undefined, exclude?: string, debounceMs = 0) {
  const trimmed = (title ?? '').trim();
  const settled = useDebouncedValue(trimmed, debounceMs);
  const { data } = useQuery({
    ...similarQuery(settled, exclude),
    enabled: settled.length >= SIMILAR_MIN_LENGTH,
  });
  return settled.length >= SIMILAR_MIN_LENGTH ? (data ?? []) : [];
}

/** The public detail page of a similar entry. */
export const similarPath = (entry: SimilarEntry) => `/${entry.type}s/${entry.id}`;
