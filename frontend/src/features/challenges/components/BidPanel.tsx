import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, List, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { applyErrorToForm, errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import {
  actOnBid,
  bidsQuery,
  challengeKeys,
  createBid,
  updateBid,
  type Bid,
  type Challenge,
} from '../queries';
import { BidForm } from './BidForm';
import { BID_FIELDS, bidToValues, formatPrice, valuesToBid, type BidFormValues } from '../format';
import { BidStatusTag } from './labels';
import { ReceiptCard } from './ReceiptCard';

const t = challengeMessages.bid;

/** What a bid says, read-only (also what staff and experts read after the deadline). */
export function BidContent({ bid }: { bid: Bid }) {
  const c = bid.content;
  return (
    <Descriptions column={1} size="small" data-testid="bid-content">
      <Descriptions.Item label={t.leader}>{c.leader_name}</Descriptions.Item>
      {c.team.length > 0 && (
        <Descriptions.Item label={t.team}>
          {c.team.map((m) => [m.name, m.title].filter(Boolean).join(' ')).join('、')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t.approach}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{c.approach}</span>
      </Descriptions.Item>
      {c.milestones.length > 0 && (
        <Descriptions.Item label={t.milestones}>
          <List
            size="small"
            dataSource={c.milestones}
            renderItem={(m) => (
              <List.Item style={{ padding: '2px 0' }}>
                M{m.month}：{m.title}
              </List.Item>
            )}
          />
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t.price}>{formatPrice(c.price)}</Descriptions.Item>
    </Descriptions>
  );
}

type Step = { kind: 'save'; values: BidFormValues; thenSubmit: boolean } | { kind: 'submit' | 'withdraw' };

/** The bidder's side: draft, edit, submit, amend, withdraw one sealed bid; its receipt. */
export function BidPanel({ challenge }: { challenge: Challenge }) {
  const { data: me } = useMe();
  const can = access(me);
  const location = useLocation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BidFormValues>();
  const [editing, setEditing] = useState(false);
  const bidder = can.hasOrganization && !can.owns(challenge.organization_id);
  const bids = useQuery({ ...bidsQuery(challenge.id), enabled: bidder });
  const mine = (bids.data ?? []).filter((b) => b.organization_id === me?.organization_id);
  const active = mine.find((b) => b.status !== 'withdrawn');
  const open = challenge.status === 'published';

  const step = useMutation({
    mutationFn: async (s: Step): Promise<Bid> => {
      if (s.kind === 'save') {
        const body = valuesToBid(s.values);
        const saved = active
          ? await updateBid(challenge.id, active, body)
          : await createBid(challenge.id, body);
        return s.thenSubmit ? actOnBid(challenge.id, saved.id, 'submit') : saved;
      }
      if (!active) throw new Error('no bid');
      return actOnBid(challenge.id, active.id, s.kind);
    },
    onSuccess: (bid, s) => {
      setEditing(false);
      message.success(
        s.kind === 'withdraw'
          ? t.withdrawn
          : bid.receipt && bid.status !== 'draft'
            ? t.submitted
            : t.saved,
      );
      void queryClient.invalidateQueries({ queryKey: challengeKeys.bids(challenge.id) });
      void queryClient.invalidateQueries({ queryKey: challengeKeys.myBids() });
    },
    onError: (err) => {
      const rest = applyErrorToForm(form, err, BID_FIELDS);
      if (rest) message.error(rest);
    },
  });

  if (!can.signedIn) {
    if (!open) return null;
    const next = encodeURIComponent(location.pathname);
    return (
      <Card size="small" title={t.title}>
        <Link to={`/login?next=${next}`}>
          <Button type="primary">{t.signInToBid}</Button>
        </Link>
      </Card>
    );
  }
  if (!bidder) return null;
  if (!open && !active) return null;

  const showForm = open && (editing || active?.status === 'draft');
  const save = (thenSubmit: boolean) =>
    form
      .validateFields()
      .then((values) => step.mutate({ kind: 'save', values, thenSubmit }))
      .catch(() => undefined);

  return (
    <Card size="small" title={t.title} data-testid="bid-panel">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {open && <Alert type="info" showIcon title={t.sealed} />}
        {!open && <Alert type="warning" showIcon title={t.notOpen} />}
        {active && (
          <Space wrap>
            {t.status}：<BidStatusTag status={active.status} />
          </Space>
        )}
        {active?.status === 'needs_reconfirmation' && (
          <Alert type="warning" showIcon title={t.needsReconfirmation} />
        )}
        {active?.eligibility_reason && (
          <Typography.Text>
            {t.eligibilityReason}：{active.eligibility_reason}
          </Typography.Text>
        )}
        {bids.isError && <Alert type="error" showIcon title={errorMessage(bids.error)} />}
        {open && !active && !editing && (
          // Disabled, not only loading, until one's bids are known: antd swallows a click on a
          // loading button, and a draft found meanwhile must open instead of a new form.
          <Button
            type="primary"
            onClick={() => setEditing(true)}
            loading={bids.isPending}
            disabled={bids.isPending}
          >
            {t.start}
          </Button>
        )}
        {showForm && (
          <>
            {active && active.status !== 'draft' && (
              <Typography.Text type="secondary">{t.amendNote}</Typography.Text>
            )}
            <BidForm
              key={active ? `${active.id}-${active.version}` : 'new'}
              form={form}
              initial={bidToValues(active)}
              onFinish={() => save(false)}
            />
            <Space wrap>
              {(!active || active.status === 'draft') && (
                <>
                  <Button onClick={() => save(false)} loading={step.isPending}>
                    {t.saveDraft}
                  </Button>
                  <Button type="primary" onClick={() => save(true)} loading={step.isPending}>
                    {t.submit}
                  </Button>
                </>
              )}
              {active && active.status !== 'draft' && (
                <Button type="primary" onClick={() => save(false)} loading={step.isPending}>
                  {t.saveAndAmend}
                </Button>
              )}
              {editing && (
                <Button onClick={() => setEditing(false)}>{t.cancelEdit}</Button>
              )}
            </Space>
          </>
        )}
        {active && !showForm && <BidContent bid={active} />}
        {open && active && !showForm && (
          <Space wrap>
            <Button onClick={() => setEditing(true)}>{t.edit}</Button>
            {active.status === 'needs_reconfirmation' && (
              <Button
                type="primary"
                loading={step.isPending}
                onClick={() => step.mutate({ kind: 'submit' })}
              >
                {t.reconfirm}
              </Button>
            )}
            <Popconfirm
              title={t.withdrawConfirm}
              onConfirm={() => step.mutate({ kind: 'withdraw' })}
            >
              <Button danger loading={step.isPending}>
                {t.withdraw}
              </Button>
            </Popconfirm>
          </Space>
        )}
        {active && active.status === 'draft' && open && (
          <Popconfirm title={t.withdrawConfirm} onConfirm={() => step.mutate({ kind: 'withdraw' })}>
            <Button danger type="link" style={{ padding: 0 }}>
              {t.withdraw}
            </Button>
          </Popconfirm>
        )}
        {active?.receipt && active.status !== 'draft' && <ReceiptCard receipt={active.receipt} />}
      </Space>
    </Card>
  );
}
