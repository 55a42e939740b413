import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Tag, Typography } from 'antd';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { applyErrorToForm } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { challengeKeys, fileObjection, objectionsQuery, type Challenge } from '../queries';

const t = challengeMessages.objection;
const s = challengeMessages.staff;

/** 公示期异议: a signed-in organisation objects to the proposed result, with a reason. */
export function ObjectionCard({ challenge }: { challenge: Challenge }) {
  const { data: me } = useMe();
  const can = access(me);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const mine = useQuery({
    ...objectionsQuery(challenge.id),
    enabled: can.hasOrganization && !can.canReview,
  });
  const file = useMutation({
    mutationFn: (reason: string) => fileObjection(challenge.id, reason),
    onSuccess: () => {
      message.success(t.filed);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: challengeKeys.objections(challenge.id) });
    },
    onError: (err) => {
      const rest = applyErrorToForm(form, err, [['reason']]);
      if (rest) message.error(rest);
    },
  });
  if (!can.hasOrganization || can.canReview) return null;
  return (
    <Card size="small" title={t.title}>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {(mine.data ?? []).length > 0 && (
        <List
          size="small"
          header={t.mine}
          dataSource={mine.data}
          renderItem={(o) => (
            <List.Item>
              <Tag>{s.objectionStatus[o.status] ?? o.status}</Tag> {o.reason}
              {o.resolution && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {s.resolution}：{o.resolution}
                </Typography.Text>
              )}
            </List.Item>
          )}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v.reason.trim())}>
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, message: s.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={file.isPending}>
          {t.submit}
        </Button>
      </Form>
    </Card>
  );
}
