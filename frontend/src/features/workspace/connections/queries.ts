import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import type { Connection } from '../../thread/queries';

export type ConnectionAction = components['schemas']['ConnectionAction'];
export type ConnectionActionBody = components['schemas']['ConnectionActionBody'];
/** `in`: asked of my organisation (I own the entry); `out`: my organisation asked. */
export type Direction = 'in' | 'out';

export const connectionKeys = {
  all: ['connections'] as const,
  mine: (direction: Direction) => [...connectionKeys.all, 'mine', direction] as const,
};

export const myConnectionsQuery = (direction: Direction) =>
  infiniteQueryOptions({
    queryKey: connectionKeys.mine(direction),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/connections', {
          params: {
            query: {
              role: direction === 'in' ? 'owner' : 'requester',
              limit: 20,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** Moves a connection on; the server checks who may, from which status. */
export async function actOnConnection(
  id: string,
  action: ConnectionAction,
  body: ConnectionActionBody | null,
): Promise<Connection> {
  return unwrap(
    await api.POST('/api/v1/connections/{connection_id}/{action}', {
      params: { path: { connection_id: id, action } },
      body,
    }),
  );
}

/** The other side of a connection, seen from mine. */
export function otherOrganization(c: Connection, direction: Direction): string {
  return direction === 'in' ? c.requester_organization_name : c.owner_organization_name;
}
