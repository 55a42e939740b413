import { useQuery } from '@tanstack/react-query';
import { Card, Divider, Space, Tag } from 'antd';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { ScoreForm } from '../../reviews/ScoreForm';
import { myReviewsQuery } from '../../reviews/queries';
import { bidsQuery, type Challenge } from '../queries';
import { useRefresh } from '../useRefresh';
import { BidContent } from './BidPanel';

const t = challengeMessages.review;

/** An expert on a challenge page: each assigned bid with its scoring form. */
export function ExpertCard({ challenge }: { challenge: Challenge }) {
  const mine = useQuery(myReviewsQuery());
  const refresh = useRefresh();
  const assignments = (mine.data?.items ?? []).filter((a) => a.subject_type === 'bid');
  const ids = new Set(assignments.map((a) => a.subject_id));
  const bids = useQuery({ ...bidsQuery(challenge.id), enabled: ids.size > 0 });
  const assigned = (bids.data ?? []).filter((b) => ids.has(b.id));
  if (assigned.length === 0) return null;
  return (
    <Card size="small" title={t.tab} data-testid="expert-reviews">
      {assigned.map((bid, i) => {
        const a = assignments.find((x) => x.subject_id === bid.id);
        return (
          <section key={bid.id} aria-label={bid.organization_name}>
            {i > 0 && <Divider />}
            <Space wrap style={{ marginBottom: 8 }}>
              <strong>{bid.organization_name}</strong>
              {a && <Tag>{t.statusLabel[a.status] ?? a.status}</Tag>}
            </Space>
            <BidContent bid={bid} />
            {a && <ScoreForm assignment={a} onChanged={refresh} />}
          </section>
        );
      })}
    </Card>
  );
}
