import { useInfiniteQuery, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Button, List, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { achievementKeys, achievementListQuery, actOnAchievement } from '../../achievements/queries';
import { useTermName } from '../../catalog/queries';
import { actOnChallenge, challengeKeys, challengeListQuery } from '../../challenges/queries';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { actOnDemand, demandKeys, demandListQuery } from '../../demands/queries';
import { EntryList } from '../../shared/EntryList';
import { SimilarEntries } from '../../shared/SimilarWarning';
import { OrganizationQueue } from '../OrganizationQueue';
import { ProjectDesk } from '../ProjectDesk';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { RejectModal } from '../RejectModal';
import { organizationMessages } from '../../../locales/organizations.zh-CN';

const t = messages.review;
const noop = () => undefined;
type Verdict = { id: string; action: 'approve' | 'reject'; reason?: string };
type Pending = { id: string; title: string; field: string; created_at: string };

/** One queue of entries awaiting review, with approve and reject (reason required). */
function ReviewQueue({
  path,
  query,
  decide,
  invalidate,
}: {
  path: string;
  query: Parameters<typeof EntryList<Pending>>[0]['query'];
  decide: (v: Verdict) => Promise<unknown>;
  invalidate: QueryKey;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fieldName = useTermName('field');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: decide,
    onSuccess: (_data, { action }) => {
      message.success(action === 'approve' ? t.approved : t.rejected);
      setRejecting(null);
      void queryClient.invalidateQueries({ queryKey: invalidate });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const busy = (id: string, action: string) =>
    act.isPending && act.variables.id === id && act.variables.action === action;
  return (
    <>
      <EntryList<Pending>
        query={query}
        filters={[]}
        values={{}}
        onChange={noop}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button
                key="approve"
                type="primary"
                aria-label={`${t.approve} ${item.title}`}
                loading={busy(item.id, 'approve')}
                onClick={() => act.mutate({ id: item.id, action: 'approve' })}
              >
                {t.approve}
              </Button>,
              <Button
                key="reject"
                danger
                aria-label={`${t.reject} ${item.title}`}
                onClick={() => setRejecting(item.id)}
              >
                {t.reject}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={<Link to={`/${path}/${item.id}`}>{item.title}</Link>}
              description={
                <>
                  <Space style={{ marginBottom: 8 }}>
                    <Tag color="blue">{fieldName(item.field)}</Tag>
                    {item.created_at.slice(0, 10)}
                  </Space>
                  <SimilarEntries title={item.title} exclude={item.id} />
                </>
              }
            />
          </List.Item>
        )}
      />
      <RejectModal
        open={rejecting !== null}
        busy={act.isPending}
        onCancel={() => setRejecting(null)}
        onSubmit={(reason) => rejecting && act.mutate({ id: rejecting, action: 'reject', reason })}
      />
    </>
  );
}

function DemandQueue() {
  const query = useInfiniteQuery(demandListQuery({ status: 'pending_review', sort: 'created_at' }));
  return (
    <ReviewQueue
      path="demands"
      query={query}
      decide={({ id, action, reason }) => actOnDemand(id, action, reason)}
      invalidate={demandKeys.all}
    />
  );
}

function AchievementQueue() {
  const query = useInfiniteQuery(
    achievementListQuery({ status: 'pending_review', sort: 'created_at' }),
  );
  return (
    <ReviewQueue
      path="achievements"
      query={query}
      decide={({ id, action, reason }) => actOnAchievement(id, action, reason)}
      invalidate={achievementKeys.all}
    />
  );
}

function ChallengeQueue() {
  const query = useInfiniteQuery(challengeListQuery('pending_review'));
  return (
    <ReviewQueue
      path="challenges"
      query={query}
      decide={({ id, action, reason }) => actOnChallenge(id, action, reason)}
      invalidate={challengeKeys.all}
    />
  );
}

export function ReviewPage() {
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t.title}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'demands', label: t.pendingDemands, children: <DemandQueue /> },
          { key: 'achievements', label: t.pendingAchievements, children: <AchievementQueue /> },
          { key: 'organizations', label: organizationMessages.tab, children: <OrganizationQueue /> },
          { key: 'projects', label: projectMessages.desk.tab, children: <ProjectDesk /> },
          {
            key: 'challenges',
            label: challengeMessages.staff.pendingChallenges,
            children: <ChallengeQueue />,
          },
        ]}
      />
    </>
  );
}
