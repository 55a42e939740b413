import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { applyErrorToForm, errorMessage } from '../../../app/errors';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { formatDate } from '../../shared/format';
import {
  adminKeys,
  apiKeysQuery,
  organizationsQuery,
  type ApiKey,
  type ApiKeyCreated,
  type Scope,
} from '../queries';

const t = adminMessages.apiKeys;
const SCOPES = Object.keys(adminMessages.scopes) as Scope[];
type KeyValues = { name: string; scopes: Scope[]; expires?: Dayjs };

function CreateKeyModal({
  organizationId,
  open,
  onClose,
  onCreated,
}: {
  organizationId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (key: ApiKeyCreated) => void;
}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<KeyValues>();
  const create = useMutation({
    mutationFn: async ({ name, scopes, expires }: KeyValues) =>
      unwrap(
        await api.POST('/api/v1/organizations/{organization_id}/api-keys', {
          params: { path: { organization_id: organizationId } },
          body: { name, scopes, expires_at: expires ? expires.endOf('day').toISOString() : null },
        }),
      ),
    onSuccess: (created) => {
      onClose();
      onCreated(created);
      void queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys(organizationId) });
    },
    onError: (error) => {
      const rest = applyErrorToForm(form, error, [['name'], ['scopes'], ['expires_at']]);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={open}
      title={t.createTitle}
      okText={t.create}
      cancelText={adminMessages.common.cancel}
      okButtonProps={{ loading: create.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<KeyValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ scopes: ['read'] }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="scopes" label={t.scopes} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group
            options={SCOPES.map((value) => ({ value, label: adminMessages.scopes[value] }))}
          />
        </Form.Item>
        <Form.Item name="expires" label={t.expires}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** API keys of an organisation: list, create (the key is shown once), revoke. */
export function ApiKeysPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [organizationId, setOrganizationId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const organizations = useQuery(organizationsQuery());
  const keys = useQuery({ ...apiKeysQuery(organizationId ?? ''), enabled: !!organizationId });
  const revoke = useMutation({
    mutationFn: async (key: ApiKey) =>
      unwrap(
        await api.POST('/api/v1/organizations/{organization_id}/api-keys/{key_id}/revoke', {
          params: { path: { organization_id: key.organization_id, key_id: key.id } },
        }),
      ),
    onSuccess: (key) => {
      message.success(adminMessages.common.done);
      void queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys(key.organization_id) });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const columns: TableColumnsType<ApiKey> = [
    { title: t.name, dataIndex: 'name' },
    { title: t.prefix, dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
    {
      title: t.scopes,
      dataIndex: 'scopes',
      render: (scopes: Scope[]) => scopes.map((s) => <Tag key={s}>{adminMessages.scopes[s]}</Tag>),
    },
    { title: t.created, dataIndex: 'created_at', render: formatDate },
    { title: t.expires, dataIndex: 'expires_at', render: (v: string | null) => (v ? formatDate(v) : t.never) },
    { title: t.lastUsed, dataIndex: 'last_used_at', render: formatDate },
    {
      title: adminMessages.common.actions,
      key: 'actions',
      render: (_, key) =>
        key.revoked_at ? (
          <Tag color="red">{t.revoked}</Tag>
        ) : (
          <Popconfirm
            title={t.confirmRevoke}
            okText={t.revoke}
            cancelText={adminMessages.common.cancel}
            onConfirm={() => revoke.mutateAsync(key)}
          >
            <Button danger size="small" aria-label={`${t.revoke} ${key.name}`}>
              {t.revoke}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t.organization}
          placeholder={t.pickOrganization}
          style={{ width: 320 }}
          loading={organizations.isPending}
          value={organizationId}
          onChange={setOrganizationId}
          options={(organizations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
        <Button type="primary" disabled={!organizationId} onClick={() => setCreating(true)}>
          {t.create}
        </Button>
      </Space>
      {organizationId ? (
        <Table<ApiKey>
          aria-label={adminMessages.nav.apiKeys}
          rowKey="id"
          loading={keys.isPending}
          columns={columns}
          dataSource={keys.data ?? []}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
        />
      ) : (
        <Empty description={t.pickOrganization} />
      )}
      {organizationId ? (
        <CreateKeyModal
          organizationId={organizationId}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={setCreated}
        />
      ) : null}
      <Modal
        open={created !== null}
        title={t.keyTitle}
        onCancel={() => setCreated(null)}
        footer={<Button onClick={() => setCreated(null)}>{t.savedIt}</Button>}
      >
        <Alert type="warning" showIcon title={t.shownOnce} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="new-api-key">
          {created?.key}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
