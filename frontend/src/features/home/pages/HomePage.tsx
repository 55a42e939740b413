import { Flex, Typography } from 'antd';
import { StatsDashboard } from '../../stats/components/StatsDashboard';
import { ReadinessCard } from '../../status/components/ReadinessCard';
import { messages } from '../../../locales/zh-CN';

export function HomePage() {
  return (
    <Flex vertical gap={24} style={{ maxWidth: 1200, margin: '0 auto', width: '100%' }}>
      <section style={{ textAlign: 'center', padding: '24px 0 8px' }}>
        <Typography.Title
          level={1}
          style={{ fontSize: 'clamp(36px, 10vw, 56px)', marginBottom: 12, letterSpacing: 4 }}
        >
          {messages.app.name}
        </Typography.Title>
        <Typography.Paragraph
          type="secondary"
          style={{ fontSize: 'clamp(14px, 3.8vw, 16px)', marginBottom: 0, lineHeight: 1.8 }}
        >
          {/* Wrap only between items, never inside one, on narrow screens. */}
          {messages.app.subtitle.split(' · ').map((item, i) => (
            <span key={item} style={{ whiteSpace: 'nowrap' }}>
              {i > 0 ? ' · ' : null}
              {item}
            </span>
          ))}
        </Typography.Paragraph>
      </section>
      <StatsDashboard />
      <div style={{ maxWidth: 720, margin: '0 auto', width: '100%' }}>
        <ReadinessCard />
      </div>
    </Flex>
  );
}
