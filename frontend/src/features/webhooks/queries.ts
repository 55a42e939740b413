import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Webhook = components['schemas']['WebhookSubscriptionRead'];
export type WebhookCreated = components['schemas']['WebhookSubscriptionCreated'];
export type WebhookCreate = components['schemas']['WebhookSubscriptionCreate'];
export type WebhookUpdate = components['schemas']['WebhookSubscriptionUpdate'];
export type Delivery = components['schemas']['WebhookDeliveryRead'];
export type DeliveryStatus = Delivery['status'];
export type EventType = components['schemas']['WebhookEventTypeRead'];

const PAGE_SIZE = 20;

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  eventTypes: () => [...webhookKeys.all, 'event-types'] as const,
  deliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
  deliveryList: (id: string, status?: DeliveryStatus) =>
    [...webhookKeys.deliveries(id), status ?? 'all'] as const,
};

export const webhookListQuery = () =>
  infiniteQueryOptions({
    queryKey: webhookKeys.list(),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/admin/webhooks', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const eventTypesQuery = () =>
  queryOptions({
    queryKey: webhookKeys.eventTypes(),
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/webhooks/event-types')),
    staleTime: Infinity,
  });

export const deliveryListQuery = (id: string, status?: DeliveryStatus) =>
  infiniteQueryOptions({
    queryKey: webhookKeys.deliveryList(id, status),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/admin/webhooks/{subscription_id}/deliveries', {
          params: {
            path: { subscription_id: id },
            query: { limit: PAGE_SIZE, cursor: pageParam, status },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export async function createWebhook(body: WebhookCreate): Promise<WebhookCreated> {
  return unwrap(await api.POST('/api/v1/admin/webhooks', { body }));
}

export async function updateWebhook(id: string, body: WebhookUpdate): Promise<Webhook> {
  return unwrap(
    await api.PATCH('/api/v1/admin/webhooks/{subscription_id}', {
      params: { path: { subscription_id: id } },
      body,
    }),
  );
}

export async function deleteWebhook(id: string): Promise<void> {
  const result = await api.DELETE('/api/v1/admin/webhooks/{subscription_id}', {
    params: { path: { subscription_id: id } },
  });
  if (!result.response.ok) unwrap(result);
}

export async function redeliver(deliveryId: string): Promise<Delivery> {
  return unwrap(
    await api.POST('/api/v1/admin/webhooks/deliveries/{delivery_id}/redeliver', {
      params: { path: { delivery_id: deliveryId } },
    }),
  );
}
