import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Connection = components['schemas']['ConnectionRead'];
export type ConnectionTarget = 'demand' | 'achievement';

/** The colour of each connection status's tag, the same wherever a connection is listed. */
export const CONNECTION_STATUS_COLORS: Record<string, string> = {
  requested: 'default',
  accepted: 'blue',
  negotiating: 'gold',
  contracted: 'green',
  closed: 'default',
};

/** The connections of one entry the caller may see (all for its owner and staff). */
export const entryConnectionsQuery = (target: ConnectionTarget, id: string) =>
  queryOptions({
    queryKey: [target === 'demand' ? 'demands' : 'achievements', 'connections', id] as const,
    queryFn: async () =>
      target === 'demand'
        ? unwrap(
            await api.GET('/api/v1/demands/{demand_id}/connections', {
              params: { path: { demand_id: id }, query: { limit: 50 } },
            }),
          )
        : unwrap(
            await api.GET('/api/v1/achievements/{achievement_id}/connections', {
              params: { path: { achievement_id: id }, query: { limit: 50 } },
            }),
          ),
  });

export type ConnectionCreate = components['schemas']['ConnectionCreate'];

/** Asks the owner of a published demand or achievement to connect (对接). */
export async function requestConnection(body: ConnectionCreate): Promise<Connection> {
  return unwrap(await api.POST('/api/v1/connections', { body }));
}

/** The entry's owner accepts a requested connection. */
export async function acceptConnection(id: string): Promise<Connection> {
  return unwrap(
    await api.POST('/api/v1/connections/{connection_id}/{action}', {
      params: { path: { connection_id: id, action: 'accept' } },
    }),
  );
}
