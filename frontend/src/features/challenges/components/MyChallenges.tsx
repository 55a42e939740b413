import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, List, Space, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatBounty, formatDateTime } from '../format';
import { issuedChallengesQuery } from '../queries';
import { ChallengeStatusTag } from './labels';

const t = challengeMessages;

/** 我的榜单: the challenges the organisation issued, drafts included, newest first. */
export function MyChallenges({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(issuedChallengesQuery(organizationId));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isPending) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (query.isError) return <Alert type="error" showIcon title={errorMessage(query.error)} />;
  if (rows.length === 0) {
    return (
      <Empty description={t.mine.empty}>
        <Link to="/workspace/challenges/new">{t.form.create}</Link>
      </Empty>
    );
  }
  return (
    <>
      <List
        dataSource={rows}
        rowKey="id"
        data-testid="my-challenges"
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={`/challenges/${c.id}`}>{c.title}</Link>
                  <ChallengeStatusTag status={c.status} />
                </Space>
              }
              description={
                <Space wrap size={[16, 4]}>
                  <span>
                    {t.detail.bounty}：{formatBounty(c.bounty, c.negotiable)}
                  </span>
                  <span>
                    {t.detail.deadline}：{formatDateTime(c.deadline)}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {query.hasNextPage && (
        <Button block onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t.myBids.more}
        </Button>
      )}
    </>
  );
}
