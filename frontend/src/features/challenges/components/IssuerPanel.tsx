import { Alert, Button, Card, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import type { Challenge } from '../queries';
import { ChallengeActions, type ActionSpec } from './ChallengeActions';
import { MilestonesCard } from './MilestonesCard';

const t = challengeMessages.issuer;
const s = challengeMessages.staff;

const ACTIONS: Record<string, ActionSpec[]> = {
  draft: [{ action: 'submit', label: t.submit, primary: true }],
  pending_review: [{ action: 'withdraw', label: t.withdraw }],
  in_progress: [
    { action: 'accept', label: s.accept, primary: true },
    { action: 'fail', label: s.fail, reason: true, danger: true },
  ],
};

const NOTES: Record<string, string> = {
  draft: t.draftNote,
  pending_review: t.pending,
  in_progress: challengeMessages.acceptance.finalNote,
};

const WORK = new Set(['in_progress', 'accepted', 'failed']);

/**
 * 发榜方: the issuer edits and submits its draft, changes the terms while bids are open, and
 * during the work accepts or returns each milestone, then gives the final acceptance (验收).
 * Staff who issue see the work steps on their own desk instead.
 */
export function IssuerPanel({ challenge, staff }: { challenge: Challenge; staff: boolean }) {
  const navigate = useNavigate();
  const status = challenge.status;
  const work = WORK.has(status) && !staff;
  const specs = staff && WORK.has(status) ? [] : (ACTIONS[status] ?? []);
  const editable = status === 'draft' || status === 'published';
  const card = editable || specs.length > 0;
  if (!card && !work) return null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="issuer-panel">
      {card && (
        <Card size="small" title={t.title}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {NOTES[status] && <Alert type="info" showIcon title={NOTES[status]} />}
            <Space wrap>
              {editable && (
                <Button onClick={() => navigate(`/workspace/challenges/${challenge.id}/edit`)}>
                  {status === 'draft' ? t.edit : t.editTerms}
                </Button>
              )}
              <ChallengeActions challenge={challenge} specs={specs} testId="issuer-actions" />
            </Space>
          </Space>
        </Card>
      )}
      {work && <MilestonesCard challenge={challenge} />}
    </Space>
  );
}
