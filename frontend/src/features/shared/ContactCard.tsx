import { Card, Descriptions, Typography } from 'antd';
import type { components } from '../../api/schema';
import { messages } from '../../locales/zh-CN';

const t = messages.entry;

export function ContactCard({ contact }: { contact: components['schemas']['EntryContact'] | null }) {
  return (
    <Card title={t.contact} size="small">
      {contact ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t.contactName}>{contact.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.contactPhone}>{contact.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.contactEmail}>{contact.email ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary" data-testid="contact-hidden">
          {t.contactHidden}
        </Typography.Text>
      )}
    </Card>
  );
}
