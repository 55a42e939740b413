import { TrophyOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../../app/auth/useAuth';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { useTermName } from '../../catalog/queries';
import { EntryList } from '../../shared/EntryList';
import { Countdown } from '../components/Countdown';
import { BoardTypeTag, ChallengeStatusTag } from '../components/labels';
import { formatBounty, formatDateTime } from '../format';
import { boardQuery, myBidsQuery, type BoardEntry, type ChallengeStatus } from '../queries';

const t = challengeMessages;
const BOARD_STATUSES: ChallengeStatus[] = [
  'published',
  'closed',
  'reviewing',
  'publicity',
  'awarded',
  'in_progress',
  'accepted',
  'unawarded',
  'cancelled',
];

/** The signed-in organisation's bid status per challenge, from one request (我的揭榜). */
function useMyBidStatuses(): Map<string, string> {
  const { data: me } = useMe();
  const mine = useInfiniteQuery({ ...myBidsQuery(), enabled: !!me?.organization_id });
  const statuses = new Map<string, string>();
  for (const bid of mine.data?.pages.flatMap((p) => p.items) ?? []) {
    if (bid.bid_status !== 'withdrawn') statuses.set(bid.challenge_id, bid.bid_status);
  }
  return statuses;
}

function BoardRow({ item, myBid }: { item: BoardEntry; myBid: string | undefined }) {
  const fieldName = useTermName('field');
  return (
    <List.Item data-testid="board-entry">
      <List.Item.Meta
        title={
          <Space wrap size={[8, 4]}>
            <Link to={`/challenges/${item.id}`}>{item.title}</Link>
            <ChallengeStatusTag status={item.status} />
            {myBid && (
              <Tag color="purple" data-testid="my-bid">
                {t.myBids.mine}：{t.bidStatus[myBid] ?? myBid}
              </Tag>
            )}
          </Space>
        }
        description={
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap size={[8, 4]}>
              <BoardTypeTag board={item.board} />
              <Tag>{t.mode[item.mode] ?? item.mode}</Tag>
              <Tag color="blue">{fieldName(item.field)}</Tag>
              <Typography.Text type="secondary">
                {t.board.issuer}：{item.issuer_name}
              </Typography.Text>
            </Space>
            <Space wrap size={[16, 4]}>
              <Typography.Text strong style={{ color: '#cf1322' }} data-testid="bounty">
                {t.detail.bounty} {formatBounty(item.bounty, item.negotiable)}
              </Typography.Text>
              <span>
                {t.detail.deadline}：{formatDateTime(item.deadline)}
              </span>
              {item.status === 'published' && <Countdown deadline={item.deadline} />}
              <span data-testid="bid-count">
                {t.board.bids}：{item.bid_count ?? t.board.bidsSealed}
              </span>
              {item.winner_name && (
                <Typography.Text strong data-testid="winner">
                  <TrophyOutlined style={{ color: '#d48806' }} /> {t.board.winner}：{item.winner_name}
                </Typography.Text>
              )}
            </Space>
          </Space>
        }
      />
    </List.Item>
  );
}

/** 榜单: the public list of challenges, with countdowns, bid counts and winners. */
export function ChallengeBoardPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as ChallengeStatus | undefined;
  const query = useInfiniteQuery(boardQuery(status));
  const myBids = useMyBidStatuses();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t.board.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.board.intro}</Typography.Paragraph>
      </div>
      <EntryList<BoardEntry>
        query={query}
        filters={[
          {
            key: 'status',
            label: t.board.allStatuses,
            options: BOARD_STATUSES.map((s) => ({ value: s, label: t.status[s] ?? s })),
          },
        ]}
        values={{ status }}
        onChange={(_key, value) => setParams(value ? { status: value } : {}, { replace: true })}
        renderItem={(item) => <BoardRow item={item} myBid={myBids.get(item.id)} />}
      />
    </Space>
  );
}
