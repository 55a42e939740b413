import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useSignedIn } from '../../app/auth/useAuth';
import { statsMessages } from '../../locales/stats.zh-CN';
import { matchingMessages } from '../../locales/matching.zh-CN';
import { matchingErrorMessage } from '../matching/queries';
import { formatTurnover } from '../stats/chartOptions';
import { formatDate } from '../shared/format';
import {
  acceptConnection,
  CONNECTION_STATUS_COLORS,
  entryConnectionsQuery, type Connection, type ConnectionTarget } from './queries';

/** "接受" on a request made to the caller's own entry. */
function AcceptButton({ connection }: { connection: Connection }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: () => acceptConnection(connection.id),
    onSuccess: () => {
      void message.success(matchingMessages.connect.accepted);
      void queryClient.invalidateQueries({
        queryKey: [connection.target_type === 'demand' ? 'demands' : 'achievements', 'connections'],
      });
    },
    onError: (err) => void message.error(matchingErrorMessage(err)),
  });
  return (
    <Button size="small" type="primary" loading={accept.isPending} onClick={() => accept.mutate()}>
      {matchingMessages.connect.accept}
    </Button>
  );
}

/** The entry's connections (对接) the signed-in caller may see, with their contracts. */
export function ConnectionsCard({ target, id }: { target: ConnectionTarget; id: string }) {
  const signedIn = useSignedIn();
  const { data, isPending, isError } = useQuery({
    ...entryConnectionsQuery(target, id),
    enabled: signedIn,
  });
  if (!signedIn || isError) return null;
  const items = data?.items ?? [];
  return (
    <section aria-label="对接记录">
      <Card size="small" title="对接记录" loading={isPending}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无对接" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(c) => (
            <List.Item>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={CONNECTION_STATUS_COLORS[c.status]}>
                    {statsMessages.connectionStatus[c.status] ?? c.status}
                  </Tag>
                  <Typography.Text type="secondary">{formatDate(c.created_at)}</Typography.Text>
                  {c.role ? (
                    <Typography.Text type="secondary">
                      {c.role === 'requester' ? '我方发起' : '对方发起'}
                    </Typography.Text>
                  ) : null}
                  {c.actions.includes('accept') && <AcceptButton connection={c} />}
                </Space>
                {c.contract_amount ? (
                  <Typography.Text>
                    合同 {formatTurnover(c.contract_amount)} · {formatDate(c.contract_date)}
                  </Typography.Text>
                ) : null}
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                  {c.message}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      )}
      </Card>
    </section>
  );
}
