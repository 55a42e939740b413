import { Form, Input, Modal } from 'antd';
import { messages } from '../../locales/zh-CN';

const t = messages.review;

/** Asks for the reason of a rejection; the API requires one. */
export function RejectModal({
  open,
  busy,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={t.rejectTitle}
      okText={t.reject}
      cancelText={messages.workspace.cancel}
      okButtonProps={{ danger: true, loading: busy }}
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
