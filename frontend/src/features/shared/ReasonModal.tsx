import { Form, Input, Modal } from 'antd';
import { messages } from '../../locales/zh-CN';

/** Asks for the reason an action needs (驳回, 拒绝, 关闭, …) before taking it. */
export function ReasonModal({
  title,
  okText,
  label,
  requiredMessage,
  open,
  busy,
  danger,
  onCancel,
  onSubmit,
}: {
  title: string;
  okText: string;
  label: string;
  requiredMessage: string;
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
          label={label}
          name="reason"
          rules={[{ required: true, whitespace: true, message: requiredMessage }]}
        >
          <Input.TextArea rows={4} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
