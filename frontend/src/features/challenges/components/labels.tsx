import { Tag } from 'antd';
import { challengeMessages } from '../../../locales/challenges.zh-CN';

const t = challengeMessages;

const COLORS: Record<string, string> = {
  pending_review: 'processing',
  published: 'success',
  closed: 'default',
  reviewing: 'processing',
  publicity: 'warning',
  awarded: 'gold',
  in_progress: 'blue',
  accepted: 'cyan',
  failed: 'error',
  cancelled: 'default',
  unawarded: 'default',
  submitted: 'processing',
  eligible: 'success',
  ineligible: 'error',
  scored: 'blue',
  not_awarded: 'default',
  needs_reconfirmation: 'warning',
};

export function ChallengeStatusTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{t.status[status] ?? status}</Tag>;
}

export function BidStatusTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{t.bidStatus[status] ?? status}</Tag>;
}

export function BoardTypeTag({ board }: { board: string }) {
  return <Tag color={board === 'government' ? 'red' : 'geekblue'}>{t.boardType[board] ?? board}</Tag>;
}

