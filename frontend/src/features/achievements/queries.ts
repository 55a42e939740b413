import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type Achievement = components['schemas']['AchievementRead'];
export type AchievementCreate = components['schemas']['AchievementCreate'];
export type AchievementUpdate = components['schemas']['AchievementUpdate'];
export type AchievementAction = components['schemas']['AchievementAction'];
export type AchievementFilters = NonNullable<operations['list_achievements']['parameters']['query']>;

export const achievementKeys = {
  all: ['achievements'] as const,
  lists: () => [...achievementKeys.all, 'list'] as const,
  list: (filters: AchievementFilters) => [...achievementKeys.lists(), filters] as const,
  detail: (id: string) => [...achievementKeys.all, 'detail', id] as const,
};

export const achievementListQuery = (filters: AchievementFilters) =>
  infiniteQueryOptions({
    queryKey: achievementKeys.list(filters),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/achievements', {
          params: { query: { limit: 20, ...filters, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const achievementQuery = (id: string) =>
  queryOptions({
    queryKey: achievementKeys.detail(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/achievements/{achievement_id}', {
          params: { path: { achievement_id: id } },
        }),
      ),
  });

export async function createAchievement(body: AchievementCreate): Promise<Achievement> {
  return unwrap(await api.POST('/api/v1/achievements', { body }));
}

/** PATCH with `If-Match: <version>`; a 412 means someone changed it meanwhile. */
export async function updateAchievement(id: string, version: number, body: AchievementUpdate) {
  return unwrap(
    await api.PATCH('/api/v1/achievements/{achievement_id}', {
      params: { path: { achievement_id: id }, header: { 'If-Match': String(version) } },
      body,
    }),
  );
}

export async function actOnAchievement(id: string, action: AchievementAction, reason?: string) {
  return unwrap(
    await api.POST('/api/v1/achievements/{achievement_id}/{action}', {
      params: { path: { achievement_id: id, action } },
      body: reason ? { reason } : {},
    }),
  );
}
