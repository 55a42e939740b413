import { Form, Input, Modal } from 'antd';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { messages } from '../../../locales/zh-CN';

const t = challengeMessages.staff;

/** Asks for the reason an action needs (撤榜, 挂帅, 资格审查, …) before taking it. */
export function ReasonModal({
  title,
  okText,
  open,
  busy,
  danger,
  onCancel,
  onSubmit,
}: {
  title: string;
  okText: string;
  open: boolean;
  busy: boolean;
  danger?: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={messages.workspace.cancel}
      okButtonProps={{ danger, loading: busy }}
      onCancel={onCancel}
      onOk={() => form.submit()}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
        >
          <Input.TextArea rows={4} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
