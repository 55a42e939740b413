import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { statsMessages } from '../../../locales/stats.zh-CN';
import { workspaceMessages } from '../../../locales/workspace.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { formatTurnover } from '../../stats/chartOptions';
import { formatDate } from '../../shared/format';
import { CONNECTION_STATUS_COLORS, type Connection } from '../../thread/queries';
import { ConnectionActions } from './ConnectionActions';
import { myConnectionsQuery, otherOrganization, type Direction } from './queries';

const t = workspaceMessages.connections;

function ConnectionRow({ connection: c, direction }: { connection: Connection; direction: Direction }) {
  const path = `/${c.target_type === 'demand' ? 'demands' : 'achievements'}/${c.target_id}`;
  return (
    <List.Item actions={[<ConnectionActions key="actions" connection={c} />]}>
      <List.Item.Meta
        title={
          <Space wrap>
            <Tag>{t[c.target_type]}</Tag>
            <Link to={path}>{c.target_title}</Link>
            <Tag color={CONNECTION_STATUS_COLORS[c.status]}>
              {statsMessages.connectionStatus[c.status] ?? c.status}
            </Tag>
          </Space>
        }
        description={
          <Space orientation="vertical" size={2}>
            <Typography.Text type="secondary">
              {direction === 'in' ? t.from : t.to}：{otherOrganization(c, direction)} ·{' '}
              {t.requestedAt} {formatDate(c.created_at)}
            </Typography.Text>
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
              {c.message}
            </Typography.Paragraph>
            {c.contract_amount && (
              <Typography.Text>
                {t.contract} {formatTurnover(c.contract_amount)} · {formatDate(c.contract_date)}
              </Typography.Text>
            )}
            {c.status === 'closed' && c.close_reason && (
              <Typography.Text type="secondary">
                {t.closeReason}：{c.close_reason}
              </Typography.Text>
            )}
          </Space>
        }
      />
    </List.Item>
  );
}

/** 对接申请: those asked of my organisation and those it asked, each with what I may do now. */
export function ConnectionsTab() {
  const [direction, setDirection] = useState<Direction>('in');
  const query = useInfiniteQuery(myConnectionsQuery(direction));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented<Direction>
        value={direction}
        onChange={setDirection}
        options={[
          { value: 'in', label: t.incoming },
          { value: 'out', label: t.outgoing },
        ]}
      />
      {query.isPending ? (
        <Spin style={{ display: 'block', margin: 32 }} />
      ) : query.isError ? (
        <Alert type="error" showIcon title={errorMessage(query.error)} />
      ) : items.length === 0 ? (
        <Empty description={t.empty} />
      ) : (
        <List
          aria-label={direction === 'in' ? t.incoming : t.outgoing}
          dataSource={items}
          rowKey="id"
          renderItem={(c) => <ConnectionRow connection={c} direction={direction} />}
          loadMore={
            query.hasNextPage && (
              <Button block onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
                {messages.list.loadMore}
              </Button>
            )
          }
        />
      )}
    </Space>
  );
}
