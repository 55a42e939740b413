import { Space, Typography } from 'antd';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import type { Challenge } from '../queries';
import { ChallengeActions, type ActionSpec } from './ChallengeActions';
import { MilestonesCard } from './MilestonesCard';
import { RankingCard } from './RankingCard';
import { BidsCard } from './StaffBidsCard';
import { ObjectionsCard } from './StaffObjectionsCard';

const t = challengeMessages.staff;

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
      <ChallengeActions challenge={challenge} specs={ACTIONS[s] ?? []} testId="staff-actions" />
      {AFTER_CLOSE.has(s) && <BidsCard challenge={challenge} />}
      {RANKED.has(s) && <RankingCard challenge={challenge} />}
      {OBJECTIONS.has(s) && <ObjectionsCard challenge={challenge} />}
      {WORK.has(s) && <MilestonesCard challenge={challenge} />}
    </Space>
  );
}

