import { messages } from '../../locales/zh-CN';
import { ReasonModal } from '../shared/ReasonModal';

const t = messages.review;

/** Asks for the reason of a rejection; the API requires one. */
export function RejectModal(props: {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  return (
    <ReasonModal
      {...props}
      title={t.rejectTitle}
      okText={t.reject}
      label={t.reason}
      requiredMessage={t.reasonRequired}
      danger
    />
  );
}
