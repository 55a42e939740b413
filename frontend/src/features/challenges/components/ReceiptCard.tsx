import { Alert, Card, Descriptions, Typography } from 'antd';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import type { Receipt } from '../queries';
import { formatDateTime } from '../format';

const t = challengeMessages.receipt;

/** The receipt of a submitted bid, with how to check it against the list published later. */
export function ReceiptCard({ receipt }: { receipt: Receipt }) {
  return (
    <Card size="small" title={t.title} data-testid="bid-receipt">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t.reference}>
          <Typography.Text code>{receipt.bid_id}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t.hash}>
          <Typography.Text
            code
            copyable={{ text: receipt.sha256, tooltips: [t.copy] }}
            style={{ wordBreak: 'break-all' }}
          >
            {receipt.sha256}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t.time}>{formatDateTime(receipt.submitted_at)}</Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon title={t.verify} />
    </Card>
  );
}
