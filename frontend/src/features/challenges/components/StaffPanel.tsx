import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  List,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatPrice } from '../format';
import {
  actOnBid,
  actOnChallenge,
  assignPanel,
  bidsQuery,
  challengeKeys,
  milestonesQuery,
  objectionsQuery,
  rankingQuery,
  resolveObjection,
  reviewMilestone,
  suggestedExpertsQuery,
  type Bid,
  type Challenge,
  type ChallengeAction,
  type Objection,
} from '../queries';
import { BidContent } from './BidPanel';
import { BidStatusTag } from './labels';
import { formatDateTime } from '../format';
import { ReasonModal } from './ReasonModal';

const t = challengeMessages.staff;

type ActionSpec = {
  action: ChallengeAction;
  label: string;
  reason?: boolean;
  danger?: boolean;
  primary?: boolean;
};

const ACTIONS: Record<string, ActionSpec[]> = {
  pending_review: [
    { action: 'approve', label: t.approve, primary: true },
    { action: 'reject', label: t.reject, reason: true, danger: true },
  ],
  published: [{ action: 'cancel', label: t.cancel, reason: true, danger: true }],
  closed: [
    { action: 'start_review', label: t.startReview, primary: true },
    { action: 'declare_unawarded', label: t.declareUnawarded, reason: true },
    { action: 'cancel', label: t.cancel, reason: true, danger: true },
  ],
  reviewing: [
    { action: 'propose', label: t.propose, primary: true },
    { action: 'declare_unawarded', label: t.declareUnawarded, reason: true },
    { action: 'cancel', label: t.cancel, reason: true, danger: true },
  ],
  publicity: [
    { action: 'award', label: t.award, reason: true, primary: true },
    { action: 'cancel', label: t.cancel, reason: true, danger: true },
  ],
  awarded: [
    { action: 'start_work', label: t.startWork, primary: true },
    { action: 'award_next', label: t.awardNext, reason: true },
  ],
  in_progress: [
    { action: 'accept', label: t.accept, primary: true },
    { action: 'fail', label: t.fail, reason: true, danger: true },
  ],
};

const statusTag = (s: string) => <BidStatusTag status={s} />;
const orDash = (v: string | number | null) => v ?? '—';

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: challengeKeys.all });
}

/** Staff's buttons for the challenge itself; those that need one ask for a reason. */
function ChallengeActions({ challenge }: { challenge: Challenge }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [asking, setAsking] = useState<ActionSpec | null>(null);
  const act = useMutation({
    mutationFn: ({ action, reason }: { action: ChallengeAction; reason?: string }) =>
      actOnChallenge(challenge.id, action, reason),
    onSuccess: () => {
      message.success(t.done);
      setAsking(null);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const specs = ACTIONS[challenge.status] ?? [];
  if (specs.length === 0) return null;
  return (
    <Space wrap data-testid="staff-actions">
      {specs.map((s) =>
        s.reason ? (
          <Button
            key={s.action}
            danger={s.danger}
            type={s.primary ? 'primary' : 'default'}
            onClick={() => setAsking(s)}
          >
            {s.label}
          </Button>
        ) : (
          <Popconfirm
            key={s.action}
            title={`${s.label}？`}
            onConfirm={() => act.mutate({ action: s.action })}
          >
            <Button
              type={s.primary ? 'primary' : 'default'}
              loading={act.isPending && act.variables.action === s.action}
            >
              {s.label}
            </Button>
          </Popconfirm>
        ),
      )}
      <ReasonModal
        open={asking !== null}
        title={asking?.action === 'cancel' ? t.cancelTitle : (asking?.label ?? '')}
        okText={asking?.label ?? ''}
        danger={asking?.danger}
        busy={act.isPending}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && act.mutate({ action: asking.action, reason })}
      />
    </Space>
  );
}

/** 资格审查: every bid that was in, each passed or failed with a reason. */
function BidsCard({ challenge }: { challenge: Challenge }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const bids = useQuery(bidsQuery(challenge.id));
  const [checking, setChecking] = useState<{ bid: Bid; eligible: boolean } | null>(null);
  const check = useMutation({
    mutationFn: ({ bid, eligible, reason }: { bid: Bid; eligible: boolean; reason: string }) =>
      actOnBid(challenge.id, bid.id, eligible ? 'mark_eligible' : 'mark_ineligible', reason),
    onSuccess: () => {
      message.success(t.done);
      setChecking(null);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const checkable = challenge.status === 'closed';
  const rows = (bids.data ?? []).filter((b) => b.status !== 'draft' && b.status !== 'withdrawn');
  return (
    <Card size="small" title={t.bids} data-testid="staff-bids">
      {bids.isError ? (
        <Alert type="error" showIcon title={errorMessage(bids.error)} />
      ) : (
        <Table<Bid>
          size="small"
          rowKey="id"
          loading={bids.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (b) => <BidContent bid={b} /> }}
          columns={[
            { title: t.organization, dataIndex: 'organization_name' },
            { title: challengeMessages.bid.status, dataIndex: 'status', render: statusTag },
            { title: t.price, render: (_, b) => formatPrice(b.content.price) },
            { title: t.submittedAt, render: (_, b) => formatDateTime(b.receipt?.submitted_at) },
            { title: t.eligibilityTitle, dataIndex: 'eligibility_reason', render: orDash },
            ...(checkable
              ? [
                  {
                    title: '',
                    key: 'check',
                    render: (_: unknown, b: Bid) => (
                      <Space>
                        <Button
                          size="small"
                          aria-label={`${t.eligible} ${b.organization_name}`}
                          onClick={() => setChecking({ bid: b, eligible: true })}
                        >
                          {t.eligible}
                        </Button>
                        <Button
                          size="small"
                          danger
                          aria-label={`${t.ineligible} ${b.organization_name}`}
                          onClick={() => setChecking({ bid: b, eligible: false })}
                        >
                          {t.ineligible}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <ReasonModal
        open={checking !== null}
        title={`${t.eligibilityTitle}：${checking?.bid.organization_name ?? ''}`}
        okText={checking?.eligible ? t.eligible : t.ineligible}
        danger={checking ? !checking.eligible : false}
        busy={check.isPending}
        onCancel={() => setChecking(null)}
        onSubmit={(reason) => checking && check.mutate({ ...checking, reason })}
      />
    </Card>
  );
}

/** 专家评审组: pick from the suggested experts (conflicts already left out) and assign. */
function PanelPicker({ challenge, roundId }: { challenge: Challenge; roundId: string }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const suggested = useQuery(suggestedExpertsQuery(roundId));
  const [picked, setPicked] = useState<string[]>([]);
  const assign = useMutation({
    mutationFn: () => assignPanel(challenge.id, picked),
    onSuccess: () => {
      message.success(t.assigned);
      setPicked([]);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (suggested.isError) return <Alert type="error" showIcon title={errorMessage(suggested.error)} />;
  const experts = suggested.data ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="panel-picker">
      <Typography.Text strong>{t.suggested}</Typography.Text>
      {experts.length === 0 && !suggested.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Checkbox.Group
          value={picked}
          onChange={(v) => setPicked(v as string[])}
          aria-label={t.pickExperts}
          options={experts.map((e) => ({
            value: e.user_id,
            label: (
              <span>
                {e.display_name}
                {e.shared_keywords.map((k) => (
                  <Tag key={k} style={{ marginLeft: 4 }}>
                    {k}
                  </Tag>
                ))}
              </span>
            ),
          }))}
        />
      )}
      <Button
        type="primary"
        disabled={picked.length === 0}
        loading={assign.isPending}
        onClick={() => assign.mutate()}
      >
        {t.assign}
      </Button>
    </Space>
  );
}

/** The valid bids by aggregate, with the tie-break rule; during review, the panel picker. */
function RankingCard({ challenge }: { challenge: Challenge }) {
  const ranking = useQuery(rankingQuery(challenge.id));
  const roundId = ranking.data?.bids.find((b) => b.round_id)?.round_id;
  return (
    <Card size="small" title={t.ranking} data-testid="ranking">
      {ranking.isError ? (
        <Alert type="error" showIcon title={errorMessage(ranking.error)} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            rowKey="bid_id"
            loading={ranking.isPending}
            dataSource={ranking.data?.bids ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: challengeMessages.bid.rank, dataIndex: 'rank', render: orDash },
              { title: t.organization, dataIndex: 'organization_name' },
              { title: challengeMessages.bid.status, dataIndex: 'status', render: statusTag },
              {
                title: t.reviews,
                render: (_, b) => `${b.reviews_submitted}/${b.reviews_assigned}`,
              },
              {
                title: t.total,
                render: (_, b) => (
                  <span>
                    {b.total ?? '—'} {b.trimmed && <Tag>{t.trimmed}</Tag>}
                  </span>
                ),
              },
              { title: t.price, render: (_, b) => formatPrice(b.price) },
            ]}
          />
          {ranking.data && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t.tieBreak}：{ranking.data.tie_break_rule}
            </Typography.Paragraph>
          )}
          {challenge.status === 'reviewing' && roundId && (
            <PanelPicker challenge={challenge} roundId={roundId} />
          )}
        </Space>
      )}
    </Card>
  );
}

function ResolveForm({ challenge, objection }: { challenge: Challenge; objection: Objection }) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const resolve = useMutation({
    mutationFn: (v: { outcome: 'upheld' | 'dismissed'; resolution: string }) =>
      resolveObjection(challenge.id, objection.id, v.outcome, v.resolution.trim()),
    onSuccess: () => {
      message.success(t.done);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Form layout="vertical" onFinish={resolve.mutate} initialValues={{ outcome: 'dismissed' }}>
      <Form.Item name="outcome" label={t.outcome}>
        <Radio.Group
          options={[
            { value: 'dismissed', label: t.dismissed },
            { value: 'upheld', label: t.upheld },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="resolution"
        label={t.resolution}
        rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" loading={resolve.isPending}>
        {t.resolve}
      </Button>
    </Form>
  );
}

function ObjectionsCard({ challenge }: { challenge: Challenge }) {
  const objections = useQuery(objectionsQuery(challenge.id));
  return (
    <Card size="small" title={t.objections} data-testid="staff-objections">
      <List
        loading={objections.isPending}
        dataSource={objections.data ?? []}
        locale={{ emptyText: t.noObjections }}
        renderItem={(o) => (
          <List.Item>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag>{t.objectionStatus[o.status] ?? o.status}</Tag>
                <Typography.Text>{o.reason}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(o.created_at)}</Typography.Text>
              </Space>
              {o.resolution && (
                <Typography.Text type="secondary">
                  {t.resolution}：{o.resolution}
                </Typography.Text>
              )}
              {o.status === 'open' && <ResolveForm challenge={challenge} objection={o} />}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function MilestonesCard({ challenge }: { challenge: Challenge }) {
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

const RANKED = new Set(['reviewing', 'publicity', 'awarded', 'in_progress', 'accepted', 'failed']);
const AFTER_CLOSE = new Set([...RANKED, 'closed', 'unawarded']);
const OBJECTIONS = new Set(['publicity', 'awarded', 'in_progress', 'accepted', 'failed']);
const WORK = new Set(['in_progress', 'accepted', 'failed']);

/** 榜单管理 (reviewer, admin): run a challenge from publication to acceptance. */
export function StaffPanel({ challenge }: { challenge: Challenge }) {
  const s = challenge.status;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="staff-panel">
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        {t.title}
      </Typography.Title>
      <ChallengeActions challenge={challenge} />
      {AFTER_CLOSE.has(s) && <BidsCard challenge={challenge} />}
      {RANKED.has(s) && <RankingCard challenge={challenge} />}
      {OBJECTIONS.has(s) && <ObjectionsCard challenge={challenge} />}
      {WORK.has(s) && <MilestonesCard challenge={challenge} />}
    </Space>
  );
}
