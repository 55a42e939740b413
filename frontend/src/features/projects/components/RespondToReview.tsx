import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { errorMessage } from '../../../app/errors';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { reviewKeys, type MyAssignment } from '../../reviews/queries';

const t = projectMessages.reviews;

interface Decline {
  reason: string;
  conflict_of_interest?: boolean;
}

async function respond(id: string, decline: Decline | null): Promise<MyAssignment> {
  const path = { params: { path: { assignment_id: id } } };
  return decline
    ? unwrap(
        await api.POST('/api/v1/reviews/assignments/{assignment_id}/decline', {
          ...path,
          body: { reason: decline.reason.trim(), conflict_of_interest: !!decline.conflict_of_interest },
        }),
      )
    : unwrap(await api.POST('/api/v1/reviews/assignments/{assignment_id}/accept', path));
}

/**
 * An expert's answer to a new assignment: take it on, or decline with the reason, declaring a
 * conflict of interest (回避) if that is the reason, so the bureau does not ask again.
 */
export function RespondToReview({ assignment }: { assignment: MyAssignment }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Decline>();
  const [declining, setDeclining] = useState(false);
  const answer = useMutation({
    mutationFn: (decline: Decline | null) => respond(assignment.id, decline),
    onSuccess: (_a, decline) => {
      setDeclining(false);
      void message.success(decline ? t.declined : t.accepted);
      void queryClient.invalidateQueries({ queryKey: reviewKeys.mine() });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Space>
      <Button type="primary" loading={answer.isPending && !answer.variables} onClick={() => answer.mutate(null)}>
        {t.accept}
      </Button>
      <Button onClick={() => setDeclining(true)}>{t.decline}</Button>
      <Modal
        open={declining}
        title={`${t.declineTitle}：${assignment.subject_title}`}
        okText={t.decline}
        cancelText={messages.workspace.cancel}
        okButtonProps={{ danger: true, loading: answer.isPending }}
        onCancel={() => setDeclining(false)}
        onOk={() => form.submit()}
        afterClose={() => form.resetFields()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => answer.mutate(v)}>
          <Form.Item
            label={t.declineReason}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t.declineReasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={2000} autoFocus />
          </Form.Item>
          <Form.Item name="conflict_of_interest" valuePropName="checked">
            <Checkbox>{t.conflict}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
