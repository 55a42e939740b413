import { useInfiniteQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { useTermName, useTermOptions } from '../../catalog/queries';
import { EntryList } from '../../shared/EntryList';
import { formatCny } from '../../shared/format';
import { useFilters } from '../../shared/useFilters';
import { achievementListQuery, type Achievement } from '../queries';

const KEYS = ['field', 'region', 'maturity'];

export function AchievementListPage() {
  const { values, onChange } = useFilters(KEYS);
  const query = useInfiniteQuery(achievementListQuery(values));
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const maturityName = useTermName('maturity');
  const filters = [
    { key: 'field', label: messages.list.allFields, options: useTermOptions('field') },
    { key: 'region', label: messages.list.allRegions, options: useTermOptions('region') },
    { key: 'maturity', label: messages.list.maturity, options: useTermOptions('maturity') },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {messages.nav.achievements}
      </Typography.Title>
      <EntryList<Achievement>
        query={query}
        filters={filters}
        values={values}
        onChange={onChange}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/achievements/${a.id}`}>{a.title}</Link>}
              description={
                <Space wrap size={[4, 4]}>
                  <Tag color="blue">{fieldName(a.field)}</Tag>
                  <Tag>{regionName(a.region)}</Tag>
                  {a.maturity && <Tag>{maturityName(a.maturity)}</Tag>}
                  <span>
                    {messages.entry.askingPrice}：{formatCny(a.asking_price, null, a.price_negotiable)}
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
