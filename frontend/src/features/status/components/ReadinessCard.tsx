import { CheckCircleOutlined, CloseCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Alert, Button, Card, Flex, Spin, Tag, Typography } from 'antd';
import { messages } from '../../../locales/zh-CN';
import { readinessQuery, type Readiness } from '../queries';
import { ComponentStatusList } from './ComponentStatusList';

const t = messages.status;

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('zh-CN', { hour12: false });
}

function OverallTag({ status }: { status: Readiness['status'] }) {
  const ready = status === 'ok';
  return (
    <Tag
      data-testid="readiness-overall"
      color={ready ? 'success' : 'error'}
      icon={ready ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
      style={{ marginInlineEnd: 0, fontSize: 14, paddingBlock: 2 }}
    >
      {ready ? t.ready : t.notReady}
    </Tag>
  );
}

/** Live readiness of the API: polls GET /api/v1/ready every 10 s. */
export function ReadinessCard() {
  const query = useQuery(readinessQuery());

  let body: ReactNode;
  let extra: ReactNode = null;
  if (query.isPending) {
    body = (
      <Flex role="status" align="center" gap={12} style={{ padding: '16px 0' }}>
        <Spin />
        <Typography.Text type="secondary">{t.loading}</Typography.Text>
      </Flex>
    );
  } else if (query.isError) {
    // Also shown when the API goes away after an earlier success: stale data would mislead.
    extra = (
      <Tag color="error" icon={<CloseCircleOutlined />} style={{ marginInlineEnd: 0 }}>
        {t.unreachable}
      </Tag>
    );
    body = (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t.unreachable}
        description={
          <Flex vertical align="flex-start" gap={8}>
            {t.unreachableHint}
            <Button size="small" onClick={() => void query.refetch()} loading={query.isFetching}>
              {t.retry}
            </Button>
          </Flex>
        }
      />
    );
  } else {
    extra = <OverallTag status={query.data.status} />;
    body = <ComponentStatusList components={query.data.components} />;
  }

  return (
    <Card
      title={t.title}
      extra={extra}
      style={{ width: '100%' }}
      styles={{ body: { paddingTop: 8 } }}
      aria-busy={query.isFetching}
    >
      {body}
      {query.dataUpdatedAt > 0 || query.errorUpdatedAt > 0 ? (
        <Flex justify="space-between" wrap gap={4} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t.lastChecked}：{formatTime(Math.max(query.dataUpdatedAt, query.errorUpdatedAt))}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {query.isFetching ? (
              <>
                <SyncOutlined spin /> {t.refreshing}
              </>
            ) : (
              t.pollHint
            )}
          </Typography.Text>
        </Flex>
      ) : null}
    </Card>
  );
}
