import { messages } from '../../../locales/zh-CN';
import { EntryActions, type ActionSpec } from '../../shared/EntryActions';
import {
  achievementKeys,
  actOnAchievement,
  type Achievement,
  type AchievementAction,
} from '../queries';

const t = messages.workspace;

const AVAILABLE: Record<string, AchievementAction[]> = {
  draft: ['submit'],
  rejected: ['submit'],
  pending_review: ['recall'],
  published: ['mark_transferred', 'withdraw'],
};

const SPECS: Partial<Record<AchievementAction, ActionSpec>> = {
  submit: { label: t.submit, confirm: t.confirmSubmit, primary: true },
  recall: { label: t.recall, confirm: t.confirmRecall },
  mark_transferred: { label: t.markTransferred, confirm: t.confirmMarkTransferred },
  withdraw: { label: t.withdrawAchievement, confirm: t.confirmWithdrawAchievement, danger: true },
};

/** The owner's actions on an achievement: edit, submit / recall / withdraw / mark transferred. */
export function AchievementActions({ achievement }: { achievement: Achievement }) {
  return (
    <EntryActions<AchievementAction>
      status={achievement.status}
      editTo={`/workspace/achievements/${achievement.id}/edit`}
      available={AVAILABLE}
      specs={SPECS}
      perform={(action) => actOnAchievement(achievement.id, action)}
      detailKey={achievementKeys.detail(achievement.id)}
      listsKey={achievementKeys.lists()}
    />
  );
}
