import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { applyErrorToForm, errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { eventTypeOptions } from '../labels';
import { createWebhook, eventTypesQuery, webhookKeys, type WebhookCreate } from '../queries';

const t = messages.webhooks;
const FIELDS = [['url'], ['event_types'], ['description'], ['active']];

/** The form of a new subscription; hands the one-time secret to `onCreated`. */
export function CreateWebhookModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const [form] = Form.useForm<WebhookCreate>();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const eventTypes = useQuery({ ...eventTypesQuery(), enabled: open });
  const create = useMutation({
    mutationFn: createWebhook,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
      onCreated(created.secret);
    },
    onError: (err) => setError(applyErrorToForm(form, err, FIELDS)),
  });
  return (
    <Modal
      open={open}
      title={t.create}
      okText={t.submit}
      cancelText={t.cancel}
      okButtonProps={{ loading: create.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ active: true, event_types: [] }}
        onFinish={(values) => {
          setError(null);
          create.mutate({ ...values, description: values.description?.trim() || null });
        }}
      >
        <Form.Item
          label={t.url}
          name="url"
          extra={t.urlHint}
          rules={[
            { required: true, message: t.urlInvalid },
            { type: 'url', message: t.urlInvalid },
            { pattern: /^https?:\/\//i, message: t.urlInvalid },
          ]}
        >
          <Input placeholder="https://erp.example.cn/techmarket/hook" maxLength={2000} autoFocus />
        </Form.Item>
        <Form.Item
          label={t.eventTypes}
          name="event_types"
          rules={[{ required: true, type: 'array', min: 1, message: t.eventTypesRequired }]}
        >
          <Select
            mode="multiple"
            allowClear
            loading={eventTypes.isPending}
            options={eventTypeOptions(eventTypes.data ?? [])}
            notFoundContent={eventTypes.isError ? errorMessage(eventTypes.error) : undefined}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item label={t.description} name="description">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.active} name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
