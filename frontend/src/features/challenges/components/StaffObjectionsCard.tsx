import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatDateTime } from '../format';
import { objectionsQuery, resolveObjection, type Challenge, type Objection } from '../queries';
import { useRefresh } from '../useRefresh';

const t = challengeMessages.staff;

function ResolveForm({ challenge, objection }: { challenge: Challenge; objection: Objection }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const resolve = useMutation({
    mutationFn: (v: { outcome: 'upheld' | 'dismissed'; resolution: string }) =>
      resolveObjection(challenge.id, objection.id, v.outcome, v.resolution.trim()),
    onSuccess: () => {
      message.success(t.done);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Form layout="vertical" onFinish={resolve.mutate} initialValues={{ outcome: 'dismissed' }}>
      <Form.Item name="outcome" label={t.outcome}>
        <Radio.Group
          options={[
            { value: 'dismissed', label: t.dismissed },
            { value: 'upheld', label: t.upheld },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="resolution"
        label={t.resolution}
        rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" loading={resolve.isPending}>
        {t.resolve}
      </Button>
    </Form>
  );
}

export function ObjectionsCard({ challenge }: { challenge: Challenge }) {
  const objections = useQuery(objectionsQuery(challenge.id));
  return (
    <Card size="small" title={t.objections} data-testid="staff-objections">
      <List
        loading={objections.isPending}
        dataSource={objections.data ?? []}
        locale={{ emptyText: t.noObjections }}
        renderItem={(o) => (
          <List.Item>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag>{t.objectionStatus[o.status] ?? o.status}</Tag>
                <Typography.Text>{o.reason}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(o.created_at)}</Typography.Text>
              </Space>
              {o.resolution && (
                <Typography.Text type="secondary">
                  {t.resolution}：{o.resolution}
                </Typography.Text>
              )}
              {o.status === 'open' && <ResolveForm challenge={challenge} objection={o} />}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

