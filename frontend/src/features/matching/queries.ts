import { queryOptions, useQueries } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { errorMessage } from '../../app/errors';
import { matchingMessages } from '../../locales/matching.zh-CN';

export type Match = components['schemas']['Match'];
export type MatchReasons = components['schemas']['MatchReasons'];
export type EntryMatches = components['schemas']['EntryMatches'];
/** What is matched: a demand gets achievements, an achievement gets demands. */
export type MatchSource = 'demand' | 'achievement';

/** How many matches the panel and the workspace ask for (they share the cached answer). */
export const MATCH_LIMIT = 10;

export const matchKeys = {
  all: ['matching'] as const,
  of: (source: MatchSource, id: string) => [...matchKeys.all, source, id] as const,
  mine: (source: MatchSource, ids: string[]) => [...matchKeys.all, 'mine', source, ids] as const,
};

/** The most entries `/matching/mine` takes at once: a workspace page. */
export const MINE_BATCH = 20;

/** The match count and best match of each of one's own entries in `ids`, in one request. */
export const myMatchesQuery = (source: MatchSource, ids: string[]) =>
  queryOptions({
    queryKey: matchKeys.mine(source, ids),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/matching/mine', {
          params: { query: { kind: source, ids, limit: MATCH_LIMIT } },
        }),
      ),
    retry: (count, error) => !isSearchUnavailable(error) && count < 1,
    staleTime: 60_000,
  });

/**
 * The workspace's matching summary of the listed entries still on the market: one request per
 * page of up to {@link MINE_BATCH} entries, not one per entry.
 */
export function useMyMatches(
  source: MatchSource,
  entries: { id: string; status: string }[],
): { summaries: Map<string, EntryMatches>; pending: boolean; failed: boolean } {
  const ids = entries.filter((e) => isMatchable(e.status)).map((e) => e.id);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += MINE_BATCH) batches.push(ids.slice(i, i + MINE_BATCH));
  const answers = useQueries({ queries: batches.map((batch) => myMatchesQuery(source, batch)) });
  const summaries = new Map<string, EntryMatches>();
  for (const answer of answers) for (const item of answer.data?.items ?? []) summaries.set(item.id, item);
  return {
    summaries,
    pending: answers.some((a) => a.isPending),
    failed: answers.some((a) => a.isError),
  };
}

export const matchesQuery = (source: MatchSource, id: string) =>
  queryOptions({
    queryKey: matchKeys.of(source, id),
    queryFn: async () =>
      source === 'demand'
        ? unwrap(
            await api.GET('/api/v1/demands/{demand_id}/matches', {
              params: { path: { demand_id: id }, query: { limit: MATCH_LIMIT } },
            }),
          )
        : unwrap(
            await api.GET('/api/v1/achievements/{achievement_id}/matches', {
              params: { path: { achievement_id: id }, query: { limit: MATCH_LIMIT } },
            }),
          ),
    // Matching is down while Meilisearch is: asking again at once only adds load.
    retry: (count, error) => !isSearchUnavailable(error) && count < 1,
    staleTime: 60_000,
  });

/** Entries whose matches are public: published ones (and a demand already being worked on). */
export function isMatchable(status: string): boolean {
  return status === 'published' || status === 'in_progress';
}

/** The detail page of a matched entry. */
export function matchPath(match: Pick<Match, 'type' | 'id'>): string {
  return `${match.type === 'demand' ? '/demands' : '/achievements'}/${match.id}`;
}

/** The most telling shared terms shown; the rest add little but width. */
export const SHARED_TERMS_SHOWN = 5;

export interface ReasonTag {
  key: string;
  label: string;
  color?: string;
}

/**
 * The reasons of a match as tags, in the order a reader weighs them: the shared key terms,
 * the same field, the achievement's maturity (its catalog name).
 */
export function reasonTags(
  reasons: MatchReasons,
  maturityName: (code: string) => string,
): ReasonTag[] {
  const t = matchingMessages.reasons;
  const tags: ReasonTag[] = [];
  if (reasons.shared_terms.length > 0) {
    const shown = reasons.shared_terms.slice(0, SHARED_TERMS_SHOWN).join('、');
    const more = reasons.shared_terms.length > SHARED_TERMS_SHOWN ? t.more : '';
    tags.push({ key: 'terms', label: `${t.sharedTerms}：${shown}${more}`, color: 'blue' });
  }
  if (reasons.same_field) tags.push({ key: 'field', label: t.sameField, color: 'green' });
  if (reasons.maturity) {
    tags.push({ key: 'maturity', label: `${t.maturity}：${maturityName(reasons.maturity)}` });
  }
  return tags;
}

/** Matching answers 503 `search.unavailable` while Meilisearch is down: a short outage. */
export function isSearchUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'search.unavailable' || error.status === 503);
}

/** One Chinese sentence for a failure of matching or of a connection request. */
export function matchingErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = matchingMessages.errors[error.code];
    if (known) return known;
  }
  if (isSearchUnavailable(error)) return matchingMessages.panel.unavailable;
  return errorMessage(error);
}
