import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { milestonesQuery, reviewMilestone, type Challenge } from '../queries';
import { useRefresh } from '../useRefresh';
import { ReasonModal } from './ReasonModal';

const t = challengeMessages.staff;

/** The winner's milestones; the issuer or staff accept each reported one or return it with a
 * reason while the work is in progress. */
export function MilestonesCard({ challenge }: { challenge: Challenge }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const milestones = useQuery(milestonesQuery(challenge.id));
  const [returning, setReturning] = useState<string | null>(null);
  const review = useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: 'accept' | 'return'; reason?: string }) =>
      reviewMilestone(challenge.id, id, action, reason),
    onSuccess: () => {
      message.success(t.done);
      setReturning(null);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Card size="small" title={t.milestones}>
      <List
        loading={milestones.isPending}
        dataSource={milestones.data ?? []}
        locale={{ emptyText: t.noMilestones }}
        renderItem={(m) => (
          <List.Item
            actions={
              m.status === 'reported' && challenge.status === 'in_progress'
                ? [
                    <Button
                      key="a"
                      size="small"
                      onClick={() => review.mutate({ id: m.id, action: 'accept' })}
                    >
                      {t.acceptMilestone}
                    </Button>,
                    <Button key="r" size="small" danger onClick={() => setReturning(m.id)}>
                      {t.returnMilestone}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {m.title}
                  <Tag>{t.milestoneStatus[m.status] ?? m.status}</Tag>
                </Space>
              }
              description={
                <>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{m.report}</span>
                  {m.review_reason && (
                    <Typography.Text type="secondary" style={{ display: 'block' }}>
                      {t.reason}：{m.review_reason}
                    </Typography.Text>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
      <ReasonModal
        open={returning !== null}
        title={t.returnMilestone}
        okText={t.returnMilestone}
        danger
        busy={review.isPending}
        onCancel={() => setReturning(null)}
        onSubmit={(reason) => returning && review.mutate({ id: returning, action: 'return', reason })}
      />
    </Card>
  );
}

