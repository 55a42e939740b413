import { useInfiniteQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { useTermName, useTermOptions } from '../../catalog/queries';
import { EntryList } from '../../shared/EntryList';
import { formatCny, formatDate } from '../../shared/format';
import { useFilters } from '../../shared/useFilters';
import { demandListQuery, type Demand } from '../queries';

const KEYS = ['field', 'region', 'demand_type'];

export function DemandListPage() {
  const { values, onChange } = useFilters(KEYS);
  const query = useInfiniteQuery(demandListQuery(values));
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const typeName = useTermName('demand_type');
  const filters = [
    { key: 'field', label: messages.list.allFields, options: useTermOptions('field') },
    { key: 'region', label: messages.list.allRegions, options: useTermOptions('region') },
    { key: 'demand_type', label: messages.list.demandType, options: useTermOptions('demand_type') },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {messages.nav.demands}
      </Typography.Title>
      <EntryList<Demand>
        query={query}
        filters={filters}
        values={values}
        onChange={onChange}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/demands/${d.id}`}>{d.title}</Link>}
              description={
                <Space wrap size={[4, 4]}>
                  <Tag color="blue">{fieldName(d.field)}</Tag>
                  <Tag>{regionName(d.region)}</Tag>
                  <Tag>{typeName(d.demand_type)}</Tag>
                  <span>
                    {messages.entry.budget}：{formatCny(d.budget_min, d.budget_max, d.budget_negotiable)}
                  </span>
                  <span>
                    {messages.entry.validUntil}：{formatDate(d.valid_until)}
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
