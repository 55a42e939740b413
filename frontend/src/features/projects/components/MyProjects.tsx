import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { EntryList } from '../../shared/EntryList';
import { formatAmount, formatDate } from '../../shared/format';
import { StatusTag } from '../../shared/StatusTag';
import { projectListQuery, type Project } from '../queries';

const t = projectMessages.workspace;

/** 我的项目: the organisation's applications and projects, newest first. */
export function MyProjects({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(projectListQuery({ organization_id: organizationId }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Link to="/workspace/projects/new">
        <Button type="primary" icon={<PlusOutlined />}>
          {t.apply}
        </Button>
      </Link>
      <EntryList<Project>
        query={query}
        renderItem={(p) => (
          <List.Item
            actions={
              p.status === 'draft'
                ? [
                    <Link key="edit" to={`/workspace/projects/${p.id}/edit`} aria-label={`${messages.workspace.edit} ${p.title}`}>
                      {messages.workspace.edit}
                    </Link>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                  <StatusTag kind="project" status={p.status} />
                  {p.code && <Typography.Text type="secondary">{p.code}</Typography.Text>}
                </Space>
              }
              description={
                <>
                  {formatDate(p.updated_at)} · {formatAmount(p.budget_requested)}
                  {p.status === 'rejected' && p.rejection_reason && (
                    <Typography.Text type="danger" style={{ display: 'block' }}>
                      {messages.entry.rejectionReason}：{p.rejection_reason}
                    </Typography.Text>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Space>
  );
}
