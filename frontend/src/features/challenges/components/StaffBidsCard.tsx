import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatDateTime, formatPrice } from '../format';
import { actOnBid, bidsQuery, type Bid, type Challenge } from '../queries';
import { BidContent } from './BidPanel';
import { useRefresh } from '../useRefresh';
import { BidStatusTag } from './labels';
import { ReasonModal } from './ReasonModal';

const t = challengeMessages.staff;
const statusTag = (s: string) => <BidStatusTag status={s} />;
const orDash = (v: string | number | null) => v ?? '—';

/** 资格审查: every bid that was in, each passed or failed with a reason. */
export function BidsCard({ challenge }: { challenge: Challenge }) {
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

