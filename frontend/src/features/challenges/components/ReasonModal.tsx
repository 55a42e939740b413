import type { ComponentProps } from 'react';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { ReasonModal as SharedReasonModal } from '../../shared/ReasonModal';

const t = challengeMessages.staff;
type Props = Omit<ComponentProps<typeof SharedReasonModal>, 'label' | 'requiredMessage'>;

/** The shared reason dialog in the challenge desk's words (撤榜, 挂帅, 资格审查, …). */
export function ReasonModal(props: Props) {
  return <SharedReasonModal {...props} label={t.reason} requiredMessage={t.reasonRequired} />;
}
