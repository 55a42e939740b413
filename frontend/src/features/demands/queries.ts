import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type Demand = components['schemas']['DemandRead'];
export type DemandCreate = components['schemas']['DemandCreate'];
export type DemandUpdate = components['schemas']['DemandUpdate'];
export type DemandAction = components['schemas']['DemandAction'];
export type DemandFilters = NonNullable<operations['list_demands']['parameters']['query']>;

export const PAGE_SIZE = 20;

export const demandKeys = {
  all: ['demands'] as const,
  lists: () => [...demandKeys.all, 'list'] as const,
  list: (filters: DemandFilters) => [...demandKeys.lists(), filters] as const,
  detail: (id: string) => [...demandKeys.all, 'detail', id] as const,
};

export const demandListQuery = (filters: DemandFilters) =>
  infiniteQueryOptions({
    queryKey: demandKeys.list(filters),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/demands', {
          params: { query: { limit: PAGE_SIZE, ...filters, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const demandQuery = (id: string) =>
  queryOptions({
    queryKey: demandKeys.detail(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/demands/{demand_id}', { params: { path: { demand_id: id } } })),
  });


export async function createDemand(body: DemandCreate): Promise<Demand> {
  return unwrap(await api.POST('/api/v1/demands', { body }));
}

/** PATCH with `If-Match: <version>`; a 412 means someone changed it meanwhile. */
export async function updateDemand(id: string, version: number, body: DemandUpdate) {
  return unwrap(
    await api.PATCH('/api/v1/demands/{demand_id}', {
      params: { path: { demand_id: id }, header: { 'If-Match': String(version) } },
      body,
    }),
  );
}

export async function actOnDemand(id: string, action: DemandAction, reason?: string) {
  return unwrap(
    await api.POST('/api/v1/demands/{demand_id}/{action}', {
      params: { path: { demand_id: id, action } },
      body: reason ? { reason } : {},
    }),
  );
}
