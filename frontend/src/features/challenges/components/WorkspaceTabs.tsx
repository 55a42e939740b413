import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { myBidsQuery } from '../queries';
import { EntryList } from '../../shared/EntryList';
import { ScoreForm } from '../../reviews/ScoreForm';
import { myReviewsQuery } from '../../reviews/queries';
import { BidStatusTag, ChallengeStatusTag } from './labels';
import { formatDateTime } from '../format';
import { useRefresh } from '../useRefresh';

const t = challengeMessages;

/** 我的揭榜: the organisation's bids across challenges, newest first, one request a page. */
export function MyBids() {
  const query = useInfiniteQuery(myBidsQuery());
  return (
    <EntryList
      query={query}
      testId="my-bids"
      rowKey={(b) => b.bid_id}
      empty={
        <Empty description={t.myBids.empty}>
          <Link to="/challenges">{t.myBids.hint}</Link>
        </Empty>
      }
      renderItem={(b) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Link to={`/challenges/${b.challenge_id}`}>{b.challenge_title}</Link>
                <ChallengeStatusTag status={b.challenge_status} />
                <BidStatusTag status={b.bid_status} />
              </Space>
            }
            description={
              <Space wrap size={[16, 4]}>
                <span>
                  {t.detail.deadline}：{formatDateTime(b.deadline)}
                </span>
                {b.submitted_at && (
                  <span>
                    {t.receipt.time}：{formatDateTime(b.submitted_at)}
                  </span>
                )}
                {b.receipt_sha256 && (
                  <Typography.Text type="secondary" title={b.receipt_sha256}>
                    {t.receipt.hash}：{b.receipt_sha256.slice(0, 12)}…
                  </Typography.Text>
                )}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** 评审任务: an expert's assigned bid reviews with the scoring form. */
export function MyReviews() {
  const { data, isPending, error } = useQuery(myReviewsQuery());
  const refresh = useRefresh();
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
            <ScoreForm assignment={a} onChanged={refresh} />
          </Space>
        </List.Item>
      )}
    />
  );
}
