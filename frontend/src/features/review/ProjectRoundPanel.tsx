import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/errors';
import { projectMessages } from '../../locales/projects.zh-CN';
import {
  assignExperts,
  projectRoundQuery,
  roundKeys,
  suggestedExpertsQuery,
  unassignExpert,
  type ReviewRound,
} from './projectQueries';

const t = projectMessages.round;
const num = (v: string | null | undefined) => (v === null || v === undefined ? '—' : String(Number(v)));

/** Suggested experts to tick and assign in one go; conflicts are left out by the server. */
function SuggestedExperts({ round }: { round: ReviewRound }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const { data = [], isPending } = useQuery(suggestedExpertsQuery(round.id));
  const assign = useMutation({
    mutationFn: () => assignExperts(round.id, chosen),
    onSuccess: () => {
      setChosen([]);
      void queryClient.invalidateQueries({ queryKey: roundKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (isPending) return <Spin size="small" />;
  if (data.length === 0) return <Typography.Text type="secondary">{t.noSuggestions}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v)} style={{ display: 'block' }}>
        <Space orientation="vertical">
          {data.map((e) => (
            <Checkbox key={e.user_id} value={e.user_id}>
              {e.display_name}
              {e.shared_keywords.length > 0 && (
                <Typography.Text type="secondary">
                  {' '}
                  · {t.sharedKeywords}：{e.shared_keywords.join('、')}
                </Typography.Text>
              )}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <Button type="primary" size="small" disabled={chosen.length === 0} loading={assign.isPending} onClick={() => assign.mutate()}>
        {t.assignSelected}
      </Button>
    </Space>
  );
}

/** The expert review of one project for staff: who is assigned, suggestions, the aggregate. */
export function ProjectRoundPanel({ projectId }: { projectId: string }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: round, isPending, error } = useQuery(projectRoundQuery(projectId));
  const unassign = useMutation({
    mutationFn: (assignmentId: string) => unassignExpert(round?.id ?? '', assignmentId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: roundKeys.all }),
    onError: (err) => message.error(errorMessage(err)),
  });
  if (isPending) return <Spin size="small" />;
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!round) return null;
  const { aggregate } = round;
  return (
    <section aria-label={`${t.title} ${round.subject_title}`} style={{ width: '100%' }}>
      <Typography.Title level={5}>{t.assigned}</Typography.Title>
      {round.assignments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noAssignments} />
      ) : (
        <List
          size="small"
          dataSource={round.assignments}
          renderItem={(a) => (
            <List.Item
              actions={
                a.status !== 'submitted' && !round.closed_at
                  ? [
                      <Button key="unassign" size="small" type="link" onClick={() => unassign.mutate(a.id)}>
                        {t.unassign}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space wrap>
                {a.expert_name}
                <Tag>{t.assignmentStatus[a.status] ?? a.status}</Tag>
                {a.decline_reason && (
                  <Typography.Text type="secondary">
                    {t.declineReason}：{a.decline_reason}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {!round.closed_at && (
        <>
          <Typography.Title level={5}>{t.suggested}</Typography.Title>
          <SuggestedExperts round={round} />
        </>
      )}
      <Typography.Title level={5}>{t.aggregate}</Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t.progress(aggregate.submitted, aggregate.assigned)}>
          {t.total}：{num(aggregate.total)}
          {aggregate.trimmed && <Tag style={{ marginInlineStart: 8 }}>{t.trimmed}</Tag>}
        </Descriptions.Item>
        {aggregate.criteria.map((c) => (
          <Descriptions.Item key={c.criterion_id} label={`${c.name}（${num(c.weight)}%，满分 ${num(c.max_score)}）`}>
            {t.average} {num(c.average)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </section>
  );
}
