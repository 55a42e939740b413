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


export type ProjectCall = components['schemas']['ProjectCallRead'];
export type ProjectCreate = components['schemas']['ProjectCreate'];
export type ProjectUpdate = components['schemas']['ProjectUpdate'];
export type ProjectAction = components['schemas']['ProjectAction'];
export type ProjectActionBody = components['schemas']['ProjectActionBody'];

/** Calls 申报批次 taking applications now (rolling ones 常态制 always do). */
export const openCallsQuery = () =>
  queryOptions({
    queryKey: [...projectKeys.all, 'calls', 'open'] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/project-calls', { params: { query: { open_only: true } } })),
    staleTime: 60_000,
  });

export async function createProject(body: ProjectCreate): Promise<Project> {
  return unwrap(await api.POST('/api/v1/projects', { body }));
}

/** PATCH with `If-Match: <version>`; a 412 means someone changed it meanwhile. */
export async function updateProject(id: string, version: number, body: ProjectUpdate) {
  return unwrap(
    await api.PATCH('/api/v1/projects/{project_id}', {
      params: { path: { project_id: id }, header: { 'If-Match': String(version) } },
      body,
    }),
  );
}

export async function actOnProject(
  id: string,
  action: ProjectAction,
  body: Omit<ProjectActionBody, 'reason'> & { reason?: string } = {},
): Promise<Project> {
  return unwrap(
    await api.POST('/api/v1/projects/{project_id}/{action}', {
      params: { path: { project_id: id, action } },
      body,
    }),
  );
}
