import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Tag, Typography } from 'antd';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { applyErrorToForm } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { challengeKeys, milestonesQuery, reportMilestone, type Challenge } from '../queries';

const t = challengeMessages.winner;
const s = challengeMessages.staff;

/** The winner during the work (攻关): reports each milestone and sees how it was judged. */
export function WinnerMilestones({ challenge }: { challenge: Challenge }) {
  const { data: me } = useMe();
  const winnerId = challenge.winner_organization_id;
  const winner = !!winnerId && access(me).owns(winnerId);
  const milestones = useQuery({ ...milestonesQuery(challenge.id), enabled: winner });
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ title: string; report: string }>();
  const report = useMutation({
    mutationFn: (v: { title: string; report: string }) =>
      reportMilestone(challenge.id, v.title.trim(), v.report.trim()),
    onSuccess: () => {
      message.success(t.reported);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: challengeKeys.milestones(challenge.id) });
    },
    onError: (err) => {
      const rest = applyErrorToForm(form, err, [['title'], ['report']]);
      if (rest) message.error(rest);
    },
  });
  if (!winner) return null;
  return (
    <Card size="small" title={s.milestones} data-testid="winner-milestones">
      <List
        size="small"
        loading={milestones.isPending}
        dataSource={milestones.data ?? []}
        locale={{ emptyText: s.noMilestones }}
        renderItem={(m) => (
          <List.Item>
            <div>
              {m.title} <Tag>{s.milestoneStatus[m.status] ?? m.status}</Tag>
              {m.review_reason && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {s.reason}：{m.review_reason}
                </Typography.Text>
              )}
            </div>
          </List.Item>
        )}
      />
      {challenge.status === 'in_progress' && (
        <Form form={form} layout="vertical" onFinish={report.mutate} style={{ marginTop: 12 }}>
          <Form.Item
            label={t.title}
            name="title"
            rules={[{ required: true, whitespace: true, message: challengeMessages.bid.required }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            label={t.report}
            name="report"
            rules={[{ required: true, whitespace: true, message: challengeMessages.bid.required }]}
          >
            <Input.TextArea rows={3} maxLength={20000} />
          </Form.Item>
          <Button htmlType="submit" loading={report.isPending}>
            {t.submit}
          </Button>
        </Form>
      )}
    </Card>
  );
}
