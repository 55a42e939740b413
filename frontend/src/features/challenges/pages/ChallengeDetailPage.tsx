import { TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { useTermName } from '../../catalog/queries';
import { demandQuery } from '../../demands/queries';
import { projectQuery } from '../../projects/queries';
import { DetailShell, TextSection } from '../../shared/DetailShell';
import { BidPanel } from '../components/BidPanel';
import { Countdown } from '../components/Countdown';
import { BoardTypeTag, ChallengeStatusTag } from '../components/labels';
import { formatBounty, formatDateTime } from '../format';
import { ExpertCard } from '../components/ExpertCard';
import { IssuerPanel } from '../components/IssuerPanel';
import { ObjectionCard } from '../components/ObjectionCard';
import { ReceiptList } from '../components/ReceiptList';
import { StaffPanel } from '../components/StaffPanel';
import { WinnerMilestones } from '../components/WinnerMilestones';
import { challengeQuery, type Challenge } from '../queries';

const t = challengeMessages;
const d = t.detail;
const e = messages.entry;

/** Statuses in which the deadline has passed and the receipts are public. */
const AFTER_DEADLINE = new Set([
  'closed',
  'reviewing',
  'publicity',
  'awarded',
  'in_progress',
  'accepted',
  'failed',
  'unawarded',
]);

/** From the start of the work on, the winner reports its milestones. */
const WORK_STATUSES = new Set(['in_progress', 'accepted', 'failed']);

function Terms({ c }: { c: Challenge }) {
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  return (
    <Card size="small">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={d.boardType}>
          <BoardTypeTag board={c.board} />
        </Descriptions.Item>
        <Descriptions.Item label={d.mode}>{t.mode[c.mode] ?? c.mode}</Descriptions.Item>
        <Descriptions.Item label={e.field}>{fieldName(c.field)}</Descriptions.Item>
        <Descriptions.Item label={e.region}>{regionName(c.region)}</Descriptions.Item>
        <Descriptions.Item label={d.payer}>{c.payer}</Descriptions.Item>
        <Descriptions.Item label={d.duration}>
          {c.duration_months} {d.months}
        </Descriptions.Item>
        <Descriptions.Item label={d.publicityDays}>
          {c.publicity_days} {d.days}
        </Descriptions.Item>
        {c.min_valid_bids !== null && (
          <Descriptions.Item label={d.minValidBids}>{c.min_valid_bids}</Descriptions.Item>
        )}
        {c.keywords.length > 0 && (
          <Descriptions.Item label={e.keywords}>
            {c.keywords.map((k) => (
              <Tag key={k}>{k}</Tag>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      <TextSection title={d.description} text={c.description} />
      <TextSection title={d.indicators} text={c.indicators} />
      <TextSection title={d.justification} text={c.justification} />
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {d.criteria}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={c.criteria}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: d.criterion, dataIndex: 'name' },
          { title: d.weight, dataIndex: 'weight', render: (w: string) => `${Number(w)}%` },
          { title: d.maxScore, dataIndex: 'max_score', render: (m: string) => Number(m) },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {d.eligibility}
      </Typography.Title>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={d.kinds}>
          {c.eligible_kinds.length === 0
            ? d.anyKind
            : c.eligible_kinds.map((k) => <Tag key={k}>{t.orgKind[k] ?? k}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={d.regions}>
          {c.eligible_regions.length === 0
            ? d.anyRegion
            : c.eligible_regions.map((r) => <Tag key={r}>{regionName(r)}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={d.verifiedRequired}>
          {c.verified_required ? d.yes : d.no}
        </Descriptions.Item>
        {c.mode === 'directed' && <Descriptions.Item label={d.invitedOnly}>{d.yes}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function Summary({ c }: { c: Challenge }) {
  const winnerLabel = c.status === 'publicity' ? d.proposedWinner : d.winner;
  return (
    <Card size="small">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={d.bounty}>
          <Typography.Text strong style={{ color: '#cf1322', fontSize: 18 }} data-testid="bounty">
            {formatBounty(c.bounty, c.negotiable)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={d.deadline}>{formatDateTime(c.deadline)}</Descriptions.Item>
        {c.status === 'published' && (
          <Descriptions.Item label={d.countdown}>
            <Countdown deadline={c.deadline} />
          </Descriptions.Item>
        )}
        {c.bid_count !== null && (
          <Descriptions.Item label={d.bidCount}>
            <span data-testid="bid-count">{c.bid_count}</span>
          </Descriptions.Item>
        )}
        {c.winner_organization_name && (
          <Descriptions.Item label={winnerLabel}>
            <Typography.Text strong data-testid="winner">
              <TrophyOutlined style={{ color: '#d48806' }} /> {c.winner_organization_name}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {c.publicity_ends_at && c.status === 'publicity' && (
          <Descriptions.Item label={d.publicityEnds}>
            {formatDateTime(c.publicity_ends_at)}
          </Descriptions.Item>
        )}
        {c.award_reason && (
          <Descriptions.Item label={d.awardReason}>{c.award_reason}</Descriptions.Item>
        )}
      </Descriptions>
      {c.outcome_reason && (
        <Alert type="warning" showIcon title={`${d.outcomeReason}：${c.outcome_reason}`} />
      )}
    </Card>
  );
}

/** The thread: the demand this challenge was raised from and the project of its winner. */
function ThreadCard({ c }: { c: Challenge }) {
  const demand = useQuery({ ...demandQuery(c.origin_demand_id ?? ''), enabled: !!c.origin_demand_id });
  const project = useQuery({ ...projectQuery(c.project_id ?? ''), enabled: !!c.project_id });
  if (!c.origin_demand_id && !c.project_id) return null;
  return (
    <Card size="small" title={d.thread}>
      <Descriptions column={1} size="small">
        {c.origin_demand_id && (
          <Descriptions.Item label={d.originDemand}>
            <Link to={`/demands/${c.origin_demand_id}`}>{demand.data?.title ?? d.originDemand}</Link>
          </Descriptions.Item>
        )}
        {c.project_id && (
          <Descriptions.Item label={d.project}>
            <Link to={`/projects/${c.project_id}`}>{project.data?.title ?? d.project}</Link>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** One challenge: its terms for everyone, the bidder's sealed bid, staff's desk. */
export function ChallengeDetailPage() {
  const { id = '' } = useParams();
  const { data: c, isPending, error } = useQuery(challengeQuery(id));
  const { data: me } = useMe();
  const can = access(me);
  const afterDeadline = !!c && AFTER_DEADLINE.has(c.status);
  return (
    <DetailShell
      backTo="/challenges"
      isPending={isPending}
      error={error}
      title={c?.title}
      status={c && <ChallengeStatusTag status={c.status} />}
      rejectionReason={c?.status === 'draft' ? c.rejection_reason : null}
      actions={
        c && (
          <>
            {can.owns(c.organization_id) && <IssuerPanel challenge={c} staff={can.canReview} />}
            {can.canReview && <StaffPanel challenge={c} />}
          </>
        )
      }
      main={
        c && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Terms c={c} />
            {afterDeadline && me?.roles.includes('expert') && <ExpertCard challenge={c} />}
            {afterDeadline && <ReceiptList challengeId={c.id} />}
          </Space>
        )
      }
      side={
        c && (
          <>
            <Summary c={c} />
            <ThreadCard c={c} />
            <BidPanel challenge={c} />
            {c.status === 'publicity' && <ObjectionCard challenge={c} />}
            {WORK_STATUSES.has(c.status) && <WinnerMilestones challenge={c} />}
          </>
        )
      }
    />
  );
}
