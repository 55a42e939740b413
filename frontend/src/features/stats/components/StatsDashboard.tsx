import { Button, Card, Col, Empty, Flex, Result, Row, Segmented, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { statsMessages } from '../../../locales/stats.zh-CN';
import {
  bucketBarOption,
  isEmptyOverview,
  monthlyOption,
  statusPieOption,
  turnoverOption,
} from '../chartOptions';
import { statsOverviewQuery, type StatsOverview } from '../queries';
import { Chart } from './Chart';
import { KeyFigures } from './KeyFigures';

const t = statsMessages.dashboard;
type Collection = 'demands' | 'achievements' | 'projects';
const COLLECTIONS: Collection[] = ['demands', 'achievements', 'projects'];

function ChartCard({
  title,
  extra,
  empty,
  children,
}: {
  title: string;
  extra?: React.ReactNode;
  empty: boolean;
  children: React.ReactNode;
}) {
  return (
    <Card title={title} extra={extra} size="small" styles={{ body: { padding: 12 } }}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.emptyChart} /> : children}
    </Card>
  );
}

function Charts({ overview }: { overview: StatsOverview }) {
  const [collection, setCollection] = useState<Collection>('demands');
  const stats = overview[collection];
  const options = useMemo(
    () => ({
      field: bucketBarOption(stats.by_field),
      region: bucketBarOption(stats.by_region),
      months: monthlyOption({
        demands: overview.demands.by_month,
        achievements: overview.achievements.by_month,
        projects: overview.projects.by_month,
      }),
      connections: statusPieOption(
        overview.connections_by_status
          .filter((s) => s.count > 0)
          .map((s) => ({ label: statsMessages.connectionStatus[s.status] ?? s.status, count: s.count })),
      ),
      turnover: turnoverOption(overview.turnover_by_month),
    }),
    [overview, stats],
  );
  const picker = (
    <Segmented<Collection>
      size="small"
      value={collection}
      onChange={setCollection}
      options={COLLECTIONS.map((c) => ({ value: c, label: t.collections[c] }))}
    />
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Flex justify="flex-end">{picker}</Flex>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={`${t.collections[collection]} · ${t.byField}`} empty={!stats.by_field.length}>
          <Chart option={options.field} height={300} label={`${t.collections[collection]}${t.byField}`} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={`${t.collections[collection]} · ${t.byRegion}`} empty={!stats.by_region.length}>
          <Chart option={options.region} height={300} label={`${t.collections[collection]}${t.byRegion}`} />
        </ChartCard>
      </Col>
      <Col xs={24}>
        <ChartCard title={t.byMonth} empty={false}>
          <Chart option={options.months} height={280} label={t.byMonth} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={10}>
        <ChartCard title={t.connections} empty={overview.figures.connections === 0}>
          <Chart option={options.connections} height={300} label={t.connections} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={14}>
        <ChartCard title={t.turnover} empty={overview.figures.contracts === 0}>
          <Chart option={options.turnover} height={300} label={t.turnover} />
        </ChartCard>
      </Col>
    </Row>
  );
}

/** The public dashboard of the home page: key figures, then charts; loading, empty, error. */
export function StatsDashboard() {
  const { data, isPending, isError, refetch } = useQuery(statsOverviewQuery());
  let body: React.ReactNode;
  if (isPending) {
    body = (
      <div aria-busy="true" aria-label={t.loading}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  } else if (isError) {
    body = (
      <Result
        status="warning"
        title={t.error}
        extra={<Button onClick={() => void refetch()}>{t.retry}</Button>}
      />
    );
  } else if (isEmptyOverview(data)) {
    body = (
      <>
        <KeyFigures figures={data.figures} />
        <Empty description={t.empty} style={{ marginTop: 24 }} />
      </>
    );
  } else {
    body = (
      <Flex vertical gap={16}>
        <KeyFigures figures={data.figures} />
        <Charts overview={data} />
      </Flex>
    );
  }
  return (
    <section aria-labelledby="dashboard-title">
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={2} id="dashboard-title" style={{ margin: 0, fontSize: 22 }}>
          {t.title}
        </Typography.Title>
        <Link to="/league">{t.league}</Link>
      </Flex>
      {body}
    </section>
  );
}
