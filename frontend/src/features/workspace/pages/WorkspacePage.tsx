import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, List, Space, Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { messages } from '../../../locales/zh-CN';
import { MyBids, MyReviews } from '../../challenges/components/WorkspaceTabs';
import { MyChallenges } from '../../challenges/components/MyChallenges';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { achievementListQuery, type Achievement } from '../../achievements/queries';
import { demandListQuery, type Demand } from '../../demands/queries';
import { ConnectionsTab } from '../connections/ConnectionsTab';
import { MyProjects } from '../../projects/components/MyProjects';
import { ProjectReviews } from '../../projects/components/ProjectReviews';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { workspaceMessages } from '../../../locales/workspace.zh-CN';
import { MatchCountLink } from '../../matching/MatchCountLink';
import { isMatchable, matchPath, useMyMatches, type EntryMatches } from '../../matching/queries';
import { matchingMessages } from '../../../locales/matching.zh-CN';
import { EntryList } from '../../shared/EntryList';
import { formatDate } from '../../shared/format';
import { StatusTag, type StatusKind } from '../../shared/StatusTag';

const t = messages.workspace;
const noop = () => undefined;

function Row({
  kind,
  to,
  editTo,
  item,
  matches,
}: {
  kind: StatusKind;
  to: string;
  editTo: string;
  item: Demand | Achievement;
  matches: { summary: EntryMatches | undefined; pending: boolean };
}) {
  const best = matches.summary?.best;
  const editable = item.status === 'draft' || item.status === 'rejected';
  return (
    <List.Item
      actions={
        editable
          ? [
              <Link key="edit" to={editTo} aria-label={`${t.edit} ${item.title}`}>
                {t.edit}
              </Link>,
            ]
          : isMatchable(item.status)
            ? [
                <MatchCountLink
                  key="matches"
                  source={kind === 'demand' ? 'demand' : 'achievement'}
                  id={item.id}
                  title={item.title}
                  summary={matches.summary}
                  pending={matches.pending}
                />,
              ]
            : []
      }
    >
      <List.Item.Meta
        title={
          <Space wrap>
            <Link to={to}>{item.title}</Link>
            <StatusTag kind={kind} status={item.status} />
          </Space>
        }
        description={
          <>
            {formatDate(item.updated_at)}
            {best && (
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {matchingMessages.workspace.best}：<Link to={matchPath(best)}>{best.title}</Link>
              </Typography.Text>
            )}
            {item.status === 'rejected' && item.rejection_reason && (
              <Typography.Text type="danger" style={{ display: 'block' }}>
                {messages.entry.rejectionReason}：{item.rejection_reason}
              </Typography.Text>
            )}
          </>
        }
      />
    </List.Item>
  );
}

function MyDemands({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(
    demandListQuery({ organization_id: organizationId, include_expired: true }),
  );
  const matches = useMyMatches('demand', query.data?.pages.flatMap((p) => p.items) ?? []);
  return (
    <EntryList<Demand>
      query={query}
      filters={[]}
      values={{}}
      onChange={noop}
      renderItem={(d) => (
        <Row
          kind="demand"
          to={`/demands/${d.id}`}
          editTo={`/workspace/demands/${d.id}/edit`}
          item={d}
          matches={{ summary: matches.summaries.get(d.id), pending: matches.pending }}
        />
      )}
    />
  );
}

function MyAchievements({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(achievementListQuery({ organization_id: organizationId }));
  const matches = useMyMatches('achievement', query.data?.pages.flatMap((p) => p.items) ?? []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Link to="/workspace/achievements/new">
        <Button type="primary" icon={<PlusOutlined />}>
          {t.newAchievement}
        </Button>
      </Link>
      <EntryList<Achievement>
        query={query}
        filters={[]}
        values={{}}
        onChange={noop}
        renderItem={(a) => (
          <Row
            kind="achievement"
            to={`/achievements/${a.id}`}
            editTo={`/workspace/achievements/${a.id}/edit`}
            item={a}
            matches={{ summary: matches.summaries.get(a.id), pending: matches.pending }}
          />
        )}
      />
    </Space>
  );
}

export function WorkspacePage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const can = access(me);
  const orgId = me?.organization_id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t.title}
        </Typography.Title>
        {orgId && (
          <Space wrap>
            <Link to="/workspace/demands/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t.newDemand}
              </Button>
            </Link>
            <Link to="/workspace/challenges/new">
              <Button icon={<PlusOutlined />}>{challengeMessages.form.create}</Button>
            </Link>
          </Space>
        )}
      </Space>
      {!orgId && <Alert type="info" showIcon title={t.noOrg} />}
      {orgId && !can.orgVerified && <Alert type="warning" showIcon title={t.notVerified} />}
      {orgId && (
        <Tabs
          activeKey={params.get('tab') ?? 'demands'}
          onChange={(tab) => setParams({ tab }, { replace: true })}
          items={[
            { key: 'demands', label: t.myDemands, children: <MyDemands organizationId={orgId} /> },
            {
              key: 'achievements',
              label: t.myAchievements,
              children: <MyAchievements organizationId={orgId} />,
            },
            {
              key: 'projects',
              label: projectMessages.workspace.tab,
              children: <MyProjects organizationId={orgId} />,
            },
            {
              key: 'connections',
              label: workspaceMessages.connections.tab,
              children: <ConnectionsTab />,
            },
            { key: 'bids', label: challengeMessages.myBids.tab, children: <MyBids /> },
            {
              key: 'challenges',
              label: challengeMessages.mine.tab,
              children: <MyChallenges organizationId={orgId} />,
            },
            ...(me?.roles.includes('expert')
              ? [
                  {
                    key: 'reviews',
                    label: challengeMessages.review.tab,
                    children: (
                      <>
                        <ProjectReviews />
                        <MyReviews />
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Space>
  );
}
