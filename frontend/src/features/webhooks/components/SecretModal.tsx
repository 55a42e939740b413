import { Alert, Modal, Typography } from 'antd';
import { messages } from '../../../locales/zh-CN';

const t = messages.webhooks;

/** Shows a new subscription's signing secret, the only time the API gives it. */
export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Modal
      open={secret !== null}
      title={t.secretTitle}
      okText={t.secretDone}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t.secretWarning} style={{ marginBottom: 16 }} />
      <Typography.Text strong>{t.secretLabel}</Typography.Text>
      <Typography.Paragraph copyable={{ text: secret ?? '' }} code style={{ wordBreak: 'break-all' }}>
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}
