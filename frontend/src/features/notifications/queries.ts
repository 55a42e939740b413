import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
  list: () => [...notificationKeys.all, 'list'] as const,
};

export const unreadCountQuery = () =>
  queryOptions({
    queryKey: notificationKeys.unread(),
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications/unread-count')),
    refetchInterval: 60_000,
  });

export const notificationListQuery = () =>
  queryOptions({
    queryKey: notificationKeys.list(),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 10 } } })),
  });

export async function markAllRead() {
  unwrap(await api.POST('/api/v1/notifications/read-all'));
}
