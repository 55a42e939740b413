import { Tag } from 'antd';
import { messages } from '../../locales/zh-CN';

export type StatusKind = 'demand' | 'achievement' | 'project';

const COLORS: Record<string, string> = {
  draft: 'default',
  pending_review: 'processing',
  submitted: 'processing',
  formal_check: 'processing',
  expert_review: 'processing',
  rejected: 'error',
  published: 'success',
  approved: 'success',
  in_progress: 'blue',
  midterm: 'blue',
  acceptance: 'blue',
  resolved: 'cyan',
  transferred: 'cyan',
  completed: 'cyan',
  closed: 'default',
  withdrawn: 'default',
  terminated: 'default',
};

const LABELS = {
  demand: messages.demandStatus,
  achievement: messages.achievementStatus,
  project: messages.projectStatus,
};

export function StatusTag({ kind, status }: { kind: StatusKind; status: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{LABELS[kind][status] ?? status}</Tag>;
}
