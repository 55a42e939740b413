import { Alert, Col, Result, Row, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../app/errors';
import { messages } from '../../locales/zh-CN';

const t = messages.entry;

/** Common frame of a detail page: back link, title with status, main and side columns. */
export function DetailShell({
  backTo,
  isPending,
  error,
  title,
  status,
  rejectionReason,
  actions,
  main,
  side,
}: {
  backTo: string;
  isPending: boolean;
  error: unknown;
  title?: string;
  status?: ReactNode;
  rejectionReason?: string | null;
  actions?: ReactNode;
  main?: ReactNode;
  side?: ReactNode;
}) {
  if (isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !title) {
    return (
      <Result
        status="404"
        title={t.notFound}
        subTitle={error ? errorMessage(error) : undefined}
        extra={<Link to={backTo}>{t.back}</Link>}
      />
    );
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={backTo}>← {t.back}</Link>
      <Space wrap align="center">
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {title}
        </Typography.Title>
        <span data-testid="entry-status">{status}</span>
      </Space>
      {rejectionReason && (
        <Alert type="warning" showIcon title={`${t.rejectionReason}：${rejectionReason}`} />
      )}
      {actions}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={16}>
          {main}
        </Col>
        <Col xs={24} md={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {side}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

export function TextSection({ title, text }: { title: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
    </>
  );
}
