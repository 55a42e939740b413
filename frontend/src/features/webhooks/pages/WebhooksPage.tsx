import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { CreateWebhookModal } from '../components/CreateWebhookModal';
import { DeliveryLog } from '../components/DeliveryLog';
import { CursorTable } from '../../shared/CursorTable';
import { SecretModal } from '../components/SecretModal';
import { eventTypeLabel, formatDateTime } from '../labels';
import { deleteWebhook, updateWebhook, webhookKeys, webhookListQuery, type Webhook } from '../queries';

const t = messages.webhooks;

/** 事件推送: admins' webhook subscriptions, their one-time secrets and delivery logs (the admin
 * console's route is guarded for the admin role). */
export function WebhooksPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(webhookListQuery());
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => updateWebhook(id, { active }),
    onSuccess: () => {
      message.success(t.saved);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: deleteWebhook,
    onSuccess: () => {
      message.success(t.removed);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t.create}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t.intro}
      </Typography.Paragraph>
      <CursorTable<Webhook>
        query={query}
        rowKey="id"
        label={t.title}
        emptyText={t.empty}
        columns={[
          {
            title: t.url,
            dataIndex: 'url',
            render: (url: string, w) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text copyable>{url}</Typography.Text>
                {w.description && <Typography.Text type="secondary">{w.description}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t.eventTypes,
            dataIndex: 'event_types',
            render: (types: string[]) => (
              <Space size={[0, 4]} wrap>
                {types.map((type) => (
                  <Tag key={type} title={type}>
                    {eventTypeLabel(type)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t.active,
            dataIndex: 'active',
            render: (active: boolean, w) => (
              <Switch
                checked={active}
                aria-label={`${t.active} ${w.url}`}
                loading={toggle.isPending && toggle.variables.id === w.id}
                onChange={(checked) => toggle.mutate({ id: w.id, active: checked })}
              />
            ),
          },
          { title: t.createdAt, dataIndex: 'created_at', render: formatDateTime },
          {
            title: t.actions,
            key: 'actions',
            render: (_, w) => (
              <Space>
                <Button size="small" onClick={() => setLogOf(w)}>
                  {t.deliveries}
                </Button>
                <Popconfirm
                  title={t.removeConfirm}
                  okText={t.remove}
                  cancelText={t.cancel}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutateAsync(w.id)}
                >
                  <Button size="small" danger aria-label={`${t.remove} ${w.url}`}>
                    {t.remove}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <CreateWebhookModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setSecret(created);
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <DeliveryLog webhook={logOf} onClose={() => setLogOf(null)} />
    </>
  );
}
