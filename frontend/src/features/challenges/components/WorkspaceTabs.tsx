import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Empty, List, Space, Spin, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { boardQuery, bidsQuery, myReviewsQuery } from '../queries';
import { BidStatusTag, ChallengeStatusTag } from './labels';
import { formatDateTime } from '../format';
import { ScoreForm } from './ScoreForm';

const t = challengeMessages;

/**
 * 我的揭榜: the organisation's bids. The API lists bids per challenge, so this reads them on
 * the first page of the board (latest deadlines first).
 */
export function MyBids({ organizationId }: { organizationId: string }) {
  const board = useInfiniteQuery(boardQuery());
  const challenges = (board.data?.pages[0]?.items ?? []).filter(
    (c) => c.issuer_organization_id !== organizationId,
  );
  const bids = useQueries({ queries: challenges.map((c) => bidsQuery(c.id)) });
  const rows = challenges.flatMap((c, i) =>
    (bids[i]?.data ?? [])
      .filter((b) => b.organization_id === organizationId && b.status !== 'withdrawn')
      .map((b) => ({ challenge: c, bid: b })),
  );
  if (board.isPending || bids.some((q) => q.isPending)) {
    return <Spin style={{ display: 'block', margin: 32 }} />;
  }
  if (board.isError) return <Alert type="error" showIcon title={errorMessage(board.error)} />;
  if (rows.length === 0) {
    return (
      <Empty description={t.myBids.empty}>
        <Link to="/challenges">{t.myBids.hint}</Link>
      </Empty>
    );
  }
  return (
    <List
      dataSource={rows}
      renderItem={({ challenge, bid }) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Link to={`/challenges/${challenge.id}`}>{challenge.title}</Link>
                <ChallengeStatusTag status={challenge.status} />
                <BidStatusTag status={bid.status} />
              </Space>
            }
            description={`${t.detail.deadline}：${formatDateTime(challenge.deadline)}`}
          />
        </List.Item>
      )}
    />
  );
}

/** 评审任务: an expert's assigned bid reviews with the scoring form. */
export function MyReviews() {
  const { data, isPending, error } = useQuery(myReviewsQuery());
  const items = (data?.items ?? []).filter((a) => a.subject_type === 'bid');
  if (isPending) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (items.length === 0) return <Empty description={t.review.empty} />;
  return (
    <List
      dataSource={items}
      renderItem={(a) => (
        <List.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <strong>{a.subject_title}</strong>
              <Tag>{t.review.statusLabel[a.status] ?? a.status}</Tag>
            </Space>
            <ScoreForm assignment={a} />
          </Space>
        </List.Item>
      )}
    />
  );
}
