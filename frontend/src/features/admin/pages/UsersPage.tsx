import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { formatDate } from '../../shared/format';
import { CursorTable } from '../../shared/CursorTable';
import {
  adminKeys,
  setActive,
  setRoles,
  usersQuery,
  type AdminUser,
  type PlatformRole,
  type UserFilters,
} from '../queries';

const t = adminMessages.users;
const ROLES: PlatformRole[] = ['admin', 'reviewer', 'expert', 'broker'];
const roleOptions = ROLES.map((r) => ({ value: r, label: adminMessages.roles[r] }));

function RolesCell({ user }: { user: AdminUser }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (wanted: PlatformRole[]) => setRoles(user, wanted),
    onSuccess: () => message.success(adminMessages.common.saved),
    onError: (error) => message.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...adminKeys.all, 'users'] }),
  });
  return (
    <Select<PlatformRole[]>
      mode="multiple"
      aria-label={`${t.editRoles} ${user.email}`}
      style={{ minWidth: 220 }}
      value={user.roles}
      options={roleOptions}
      loading={change.isPending}
      disabled={change.isPending}
      onChange={(wanted) => change.mutate(wanted)}
      placeholder="—"
    />
  );
}

function DisableModal({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const disable = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => setActive(id, false, reason),
    onSuccess: () => {
      message.success(adminMessages.common.done);
      form.resetFields();
      onClose();
      void queryClient.invalidateQueries({ queryKey: [...adminKeys.all, 'users'] });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  return (
    <Modal
      open={user !== null}
      title={`${t.disableTitle}：${user?.email ?? ''}`}
      okText={t.disable}
      okButtonProps={{ danger: true, loading: disable.isPending }}
      cancelText={adminMessages.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) => user && disable.mutate({ id: user.id, reason })}
      >
        <Form.Item
          name="reason"
          label={t.disableReason}
          rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Users and their platform roles; disabling ends every session at once. */
export function UsersPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<UserFilters>({});
  const [disabling, setDisabling] = useState<AdminUser | null>(null);
  const users = useInfiniteQuery(usersQuery(filters));
  const enable = useMutation({
    mutationFn: (id: string) => setActive(id, true),
    onSuccess: () => message.success(adminMessages.common.done),
    onError: (error) => message.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...adminKeys.all, 'users'] }),
  });
  const columns: TableColumnsType<AdminUser> = [
    {
      title: t.name,
      dataIndex: 'display_name',
      render: (name: string, user) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary">{user.email}</Typography.Text>
        </Flex>
      ),
    },
    { title: t.roles, key: 'roles', render: (_, user) => <RolesCell user={user} /> },
    {
      title: t.status,
      dataIndex: 'is_active',
      render: (active: boolean) =>
        active ? <Tag color="green">{t.active}</Tag> : <Tag color="red">{t.disabled}</Tag>,
    },
    {
      title: t.lastLogin,
      dataIndex: 'last_login_at',
      render: (value: string | null) => (value ? formatDate(value) : t.never),
    },
    {
      title: adminMessages.common.actions,
      key: 'actions',
      render: (_, user) =>
        user.is_active ? (
          <Button danger size="small" onClick={() => setDisabling(user)}>
            {t.disable}
          </Button>
        ) : (
          <Button
            size="small"
            loading={enable.isPending && enable.variables === user.id}
            onClick={() => enable.mutate(user.id)}
          >
            {t.enable}
          </Button>
        ),
    },
  ];
  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t.filterEmail}
          placeholder={t.filterEmail}
          onSearch={(email) => setFilters((f) => ({ ...f, email: email || undefined }))}
          style={{ width: 260 }}
        />
        <Select<PlatformRole>
          allowClear
          aria-label={t.filterRole}
          placeholder={t.filterRole}
          options={roleOptions}
          style={{ width: 180 }}
          onChange={(role) => setFilters((f) => ({ ...f, role: role ?? undefined }))}
        />
      </Space>
      <CursorTable<AdminUser> query={users} columns={columns} rowKey="id" label={t.name} />
      <DisableModal user={disabling} onClose={() => setDisabling(null)} />
    </Card>
  );
}
