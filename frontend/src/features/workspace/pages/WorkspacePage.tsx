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
import { MatchCountLink } from '../../matching/MatchCountLink';
import { isMatchable } from '../../matching/queries';
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
}: {
  kind: StatusKind;
  to: string;
  editTo: string;
  item: Demand | Achievement;
}) {
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
        />
      )}
    />
  );
}

function MyAchievements({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(achievementListQuery({ organization_id: organizationId }));
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
            { key: 'bids', label: challengeMessages.myBids.tab, children: <MyBids /> },
            {
              key: 'challenges',
              label: challengeMessages.mine.tab,
              children: <MyChallenges organizationId={orgId} />,
            },
            ...(me?.roles.includes('expert')
              ? [{ key: 'reviews', label: challengeMessages.review.tab, children: <MyReviews /> }]
              : []),
          ]}
        />
      )}
    </Space>
  );
}
