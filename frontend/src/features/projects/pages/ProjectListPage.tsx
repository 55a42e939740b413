import { useInfiniteQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { useTermName, useTermOptions } from '../../catalog/queries';
import { EntryList } from '../../shared/EntryList';
import { formatAmount } from '../../shared/format';
import { StatusTag } from '../../shared/StatusTag';
import { useFilters } from '../../shared/useFilters';
import { projectListQuery, type Project } from '../queries';

const KEYS = ['field', 'region', 'kind'];

export function ProjectListPage() {
  const { values, onChange } = useFilters(KEYS);
  const query = useInfiniteQuery(projectListQuery(values));
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const kindName = useTermName('project_kind');
  const filters = [
    { key: 'field', label: messages.list.allFields, options: useTermOptions('field') },
    { key: 'region', label: messages.list.allRegions, options: useTermOptions('region') },
    { key: 'kind', label: messages.list.projectKind, options: useTermOptions('project_kind') },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {messages.nav.projects}
      </Typography.Title>
      <EntryList<Project>
        query={query}
        filters={filters}
        values={values}
        onChange={onChange}
        renderItem={(p) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/projects/${p.id}`}>{p.title}</Link>}
              description={
                <Space wrap size={[4, 4]}>
                  <StatusTag kind="project" status={p.status} />
                  <Tag color="blue">{fieldName(p.field)}</Tag>
                  <Tag>{regionName(p.region)}</Tag>
                  <Tag>{kindName(p.kind)}</Tag>
                  <span>
                    {messages.entry.budgetRequested}：{formatAmount(p.budget_requested)}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
