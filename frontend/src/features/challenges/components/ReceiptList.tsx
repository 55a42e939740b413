import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Typography } from 'antd';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { receiptsQuery } from '../queries';
import { formatDateTime } from '../format';

const d = challengeMessages.detail;

/** 回执公示: every bid that was in at the deadline, by reference, hash and time. */
export function ReceiptList({ challengeId }: { challengeId: string }) {
  const { data, isPending, error } = useQuery(receiptsQuery(challengeId));
  return (
    <Card size="small" title={d.receipts} data-testid="receipt-list">
      <Typography.Paragraph type="secondary">{d.receiptsIntro}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={errorMessage(error)} />
      ) : (
        <Table
          size="small"
          loading={isPending}
          pagination={false}
          rowKey="bid_id"
          dataSource={data?.receipts ?? []}
          locale={{ emptyText: d.receiptsNone }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: d.reference,
              dataIndex: 'bid_id',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            {
              title: d.hash,
              dataIndex: 'sha256',
              render: (v: string) => (
                <Typography.Text code copyable={{ text: v }} style={{ wordBreak: 'break-all' }}>
                  {v}
                </Typography.Text>
              ),
            },
            { title: d.time, dataIndex: 'submitted_at', render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
    </Card>
  );
}
