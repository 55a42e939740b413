import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { CursorTable } from '../../shared/CursorTable';
import { toAuditFilters, type AuditFilterValues } from '../filters';
import { auditQuery, type AuditEntry, type AuditFilters } from '../queries';

const t = adminMessages.audit;
function Changes({ entry }: { entry: AuditEntry }) {
  if (!entry.before && !entry.after) return null;
  return (
    <Typography.Text code ellipsis={{ tooltip: true }} style={{ fontSize: 12, maxWidth: 360 }}>
      {`${entry.before ? `${JSON.stringify(entry.before)} → ` : ''}${JSON.stringify(entry.after ?? {})}`}
    </Typography.Text>
  );
}

/** The append-only audit log, newest first, with filters. */
export function AuditLogPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const entries = useInfiniteQuery(auditQuery(filters));
  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t.at,
      dataIndex: 'at',
      render: (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false }),
    },
    { title: t.action, dataIndex: 'action', render: (action: string) => <Tag>{action}</Tag> },
    {
      title: t.entity,
      key: 'entity',
      render: (_, e) => (
        <span>
          {e.entity_type}
          {e.entity_id ? <Typography.Text type="secondary"> {e.entity_id.slice(0, 8)}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: t.actor,
      key: 'actor',
      render: (_, e) =>
        e.actor_user_id ? (
          <Typography.Text copyable={{ text: e.actor_user_id }}>{e.actor_user_id.slice(0, 8)}</Typography.Text>
        ) : e.actor_api_key_id ? (
          `${t.apiKey} ${e.actor_api_key_id.slice(0, 8)}`
        ) : (
          t.system
        ),
    },
    { title: t.reason, dataIndex: 'reason' },
    { title: t.changes, key: 'changes', render: (_, e) => <Changes entry={e} /> },
  ];
  return (
    <Card>
      <Form<AuditFilterValues>
        layout="inline"
        onFinish={(values) => setFilters(toAuditFilters(values))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="action">
          <Input aria-label={t.filterAction} placeholder={t.filterAction} allowClear />
        </Form.Item>
        <Form.Item name="entity_type">
          <Input aria-label={t.filterEntityType} placeholder={t.filterEntityType} allowClear />
        </Form.Item>
        <Form.Item name="entity_id">
          <Input aria-label={t.filterEntityId} placeholder={t.filterEntityId} allowClear />
        </Form.Item>
        <Form.Item name="period">
          <DatePicker.RangePicker aria-label={t.period} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {adminMessages.common.search}
          </Button>
        </Space>
      </Form>
      <CursorTable<AuditEntry> query={entries} columns={columns} rowKey="id" label={adminMessages.nav.audit} />
    </Card>
  );
}
