import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { matchingMessages } from '../../locales/matching.zh-CN';
import { requestConnection } from '../thread/queries';
import { matchingErrorMessage, type Match } from './queries';

const t = matchingMessages.connect;

/** "申请对接" on a matched entry: a message to its owner, sent as a connection request. */
export function RequestConnectionButton({ match }: { match: Pick<Match, 'type' | 'id' | 'title'> }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ message: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (text: string) =>
      requestConnection({
        target_type: match.type === 'demand' ? 'demand' : 'achievement',
        target_id: match.id,
        message: text,
      }),
    onSuccess: () => {
      setOpen(false);
      void message.success(t.sent);
      const collection = match.type === 'demand' ? 'demands' : 'achievements';
      void queryClient.invalidateQueries({ queryKey: [collection, 'connections', match.id] });
    },
  });

  if (send.isSuccess) {
    return (
      <Button size="small" disabled>
        {t.requested}
      </Button>
    );
  }
  return (
    <>
      <Button size="small" aria-label={`${t.button} ${match.title}`} onClick={() => setOpen(true)}>
        {t.button}
      </Button>
      <Modal
        open={open}
        title={`${t.title}：${match.title}`}
        okText={t.submit}
        cancelText={t.cancel}
        confirmLoading={send.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ message: t.defaultMessage(match.title) }}
          onFinish={(v) => send.mutate(v.message)}
        >
          <Form.Item
            label={t.message}
            name="message"
            rules={[{ required: true, whitespace: true, message: t.messageRequired }]}
            validateStatus={send.isError ? 'error' : undefined}
            help={send.isError ? matchingErrorMessage(send.error) : undefined}
          >
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
