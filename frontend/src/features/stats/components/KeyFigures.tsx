import { Card, Col, Row, Statistic } from 'antd';
import { statsMessages } from '../../../locales/stats.zh-CN';
import { formatTurnover } from '../chartOptions';
import type { StatsOverview } from '../queries';

const t = statsMessages.dashboard;

const COUNTS: { key: keyof StatsOverview['figures']; unit: string }[] = [
  { key: 'demands', unit: t.units.items },
  { key: 'achievements', unit: t.units.items },
  { key: 'projects', unit: t.units.items },
  { key: 'organizations', unit: t.units.orgs },
  { key: 'connections', unit: t.units.times },
  { key: 'contracts', unit: t.units.contracts },
];

export function KeyFigures({ figures }: { figures: StatsOverview['figures'] }) {
  return (
    <Row gutter={[12, 12]} role="list" aria-label={t.title}>
      {COUNTS.map(({ key, unit }) => (
        <Col key={key} xs={12} sm={8} lg={6} xl={3} role="listitem" aria-label={t.figures[key]}>
          <Card size="small" variant="borderless" style={{ height: '100%' }}>
            <Statistic title={t.figures[key]} value={figures[key] as number} suffix={unit} />
          </Card>
        </Col>
      ))}
      <Col xs={24} sm={16} lg={12} xl={6} role="listitem" aria-label={t.figures.contractTurnover}>
        <Card size="small" variant="borderless" style={{ height: '100%' }}>
          <Statistic
            title={t.figures.contractTurnover}
            value={formatTurnover(figures.contract_turnover)}
            styles={{ content: { color: '#1677ff' } }}
          />
        </Card>
      </Col>
    </Row>
  );
}
