import { Tag } from 'antd';
import { messages } from '../../../locales/zh-CN';
import type { DeliveryStatus } from '../queries';

const COLORS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  return <Tag color={COLORS[status]}>{messages.webhooks.deliveryStatus[status] ?? status}</Tag>;
}
