import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { eventTypeLabel, formatDateTime, lastResult } from '../labels';
import {
  deliveryListQuery,
  redeliver,
  webhookKeys,
  type Delivery,
  type DeliveryStatus,
  type Webhook,
} from '../queries';
import { DeliveryStatusTag } from './DeliveryStatusTag';
import { CursorTable } from '../../shared/CursorTable';

const t = messages.webhooks;
const FILTERS: { value: DeliveryStatus | 'all'; label: string }[] = [
  { value: 'all', label: t.allStatuses },
  { value: 'pending', label: t.deliveryStatus.pending ?? 'pending' },
  { value: 'succeeded', label: t.deliveryStatus.succeeded ?? 'succeeded' },
  { value: 'failed', label: t.deliveryStatus.failed ?? 'failed' },
];

/** The delivery log of one subscription, with a status filter and redelivery. */
export function DeliveryLog({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  return (
    <Drawer
      open={webhook !== null}
      onClose={onClose}
      size="min(1040px, 100vw)"
      title={webhook ? t.deliveryTitle(webhook.url) : ''}
      destroyOnHidden
    >
      {webhook && <Deliveries webhook={webhook} />}
    </Drawer>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<DeliveryStatus | 'all'>('all');
  const status = filter === 'all' ? undefined : filter;
  const query = useInfiniteQuery(deliveryListQuery(webhook.id, status));
  const again = useMutation({
    mutationFn: redeliver,
    onSuccess: () => {
      message.success(t.redelivered);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhook.id) });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented<DeliveryStatus | 'all'> options={FILTERS} value={filter} onChange={setFilter} />
      <CursorTable<Delivery>
        query={query}
        rowKey="id"
        label={t.deliveries}
        emptyText={t.noDeliveries}
        size="small"
        expandable={{
          expandedRowRender: (d) => (
            <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {JSON.stringify(d.payload, null, 2)}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t.createdAt, dataIndex: 'created_at', render: formatDateTime },
          { title: t.event, dataIndex: 'event_type', render: eventTypeLabel },
          {
            title: t.status,
            dataIndex: 'status',
            render: (s: DeliveryStatus) => <DeliveryStatusTag status={s} />,
          },
          { title: t.attempts, dataIndex: 'attempts' },
          { title: t.lastResult, key: 'result', render: (_, d) => lastResult(d) },
          {
            title: t.duration,
            dataIndex: 'last_duration_ms',
            render: (ms: number | null) => (ms === null ? '—' : `${ms} ms`),
          },
          {
            title: t.nextAttempt,
            dataIndex: 'next_attempt_at',
            render: formatDateTime,
          },
          {
            title: t.actions,
            key: 'actions',
            render: (_, d) => (
              <Button
                size="small"
                aria-label={`${t.redeliver} ${d.id}`}
                loading={again.isPending && again.variables === d.id}
                onClick={() => again.mutate(d.id)}
              >
                {t.redeliver}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
