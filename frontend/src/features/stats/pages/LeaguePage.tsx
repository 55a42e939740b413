import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, List, Result, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { statsMessages } from '../../../locales/stats.zh-CN';
import { useTermName } from '../../catalog/queries';
import { formatTurnover } from '../chartOptions';
import { leagueQuery, type LeagueRow, type LeagueSort } from '../queries';

const t = statsMessages.league;

/** The records behind a row: each transferred achievement and each contract, linked. */
function Evidence({ row }: { row: LeagueRow }) {
  return (
    <List
      size="small"
      aria-label={`${row.organization_name} ${t.records}`}
      dataSource={row.contract_records}
      renderItem={(record) => {
        const path = record.target_type === 'achievement' ? 'achievements' : 'demands';
        const label = record.target_type === 'achievement' ? t.achievement : t.demand;
        const transferred = row.transferred_achievement_ids.includes(record.target_id);
        return (
          <List.Item>
            <Flex wrap gap={8} align="center">
              <Tag color={record.target_type === 'achievement' ? 'blue' : 'gold'}>{label}</Tag>
              <Link to={`/${path}/${record.target_id}`}>{record.target_title}</Link>
              <span>
                {t.contractDate} {record.contract_date}
              </span>
              <span>
                {t.amount} {formatTurnover(record.amount)}
              </span>
              {transferred ? <Tag color="green">{messages.achievementStatus.transferred}</Tag> : null}
            </Flex>
          </List.Item>
        );
      }}
    />
  );
}

export function LeaguePage() {
  const [sort, setSort] = useState<LeagueSort>('outcomes');
  const { data, isPending, isError, refetch } = useQuery(leagueQuery(sort));
  const regionName = useTermName('region');
  const columns: TableColumnsType<LeagueRow> = [
    { title: t.rank, dataIndex: 'rank', width: 64, align: 'center' },
    {
      title: t.organization,
      dataIndex: 'organization_name',
      render: (name: string, row) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {messages.orgKinds[row.organization_kind] ?? row.organization_kind} ·{' '}
            {regionName(row.region)}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t.transferred, dataIndex: 'achievements_transferred', align: 'right' },
    { title: t.challengesWon, dataIndex: 'challenges_won', align: 'right' },
    { title: t.contracts, dataIndex: 'contracts', align: 'right' },
    {
      title: t.turnover,
      dataIndex: 'contract_turnover',
      align: 'right',
      render: (value: string) => formatTurnover(value),
    },
  ];
  let body: React.ReactNode;
  if (isError) {
    body = (
      <Result
        status="warning"
        title={t.error}
        extra={<Button onClick={() => void refetch()}>{messages.list.retry}</Button>}
      />
    );
  } else {
    body = (
      <Table<LeagueRow>
        rowKey="organization_id"
        loading={isPending}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty description={t.empty} /> }}
        expandable={{
          expandedRowRender: (row) => <Evidence row={row} />,
          rowExpandable: (row) => row.contract_records.length > 0,
        }}
      />
    );
  }
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100, margin: '0 auto', width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.subtitle}</Typography.Paragraph>
      </div>
      <Card
        size="small"
        extra={
          <Segmented<LeagueSort>
            value={sort}
            onChange={setSort}
            options={[
              { value: 'outcomes', label: t.sortOutcomes },
              { value: 'turnover', label: t.sortTurnover },
            ]}
          />
        }
      >
        {body}
      </Card>
    </Flex>
  );
}
