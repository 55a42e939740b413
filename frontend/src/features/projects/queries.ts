import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type Project = components['schemas']['ProjectRead'];
export type ProjectFilters = NonNullable<operations['list_projects']['parameters']['query']>;

export const projectKeys = {
  all: ['projects'] as const,
  lists: () => [...projectKeys.all, 'list'] as const,
  list: (filters: ProjectFilters) => [...projectKeys.lists(), filters] as const,
  detail: (id: string) => [...projectKeys.all, 'detail', id] as const,
};

export const projectListQuery = (filters: ProjectFilters) =>
  infiniteQueryOptions({
    queryKey: projectKeys.list(filters),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/projects', {
          params: { query: { limit: 20, ...filters, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const projectQuery = (id: string) =>
  queryOptions({
    queryKey: projectKeys.detail(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/projects/{project_id}', { params: { path: { project_id: id } } }),
      ),
  });

