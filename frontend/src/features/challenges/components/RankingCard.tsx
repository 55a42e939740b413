import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatPrice } from '../format';
import { assignPanel, rankingQuery, suggestedExpertsQuery, type Challenge } from '../queries';
import { useRefresh } from '../useRefresh';
import { BidStatusTag } from './labels';

const t = challengeMessages.staff;
const statusTag = (s: string) => <BidStatusTag status={s} />;
const orDash = (v: string | number | null) => v ?? '—';

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
export function RankingCard({ challenge }: { challenge: Challenge }) {
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

