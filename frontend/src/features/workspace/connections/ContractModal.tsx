import { Checkbox, DatePicker, Form, InputNumber, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyErrorToForm } from '../../../app/errors';
import { workspaceMessages } from '../../../locales/workspace.zh-CN';
import { messages } from '../../../locales/zh-CN';
import type { Connection } from '../../thread/queries';
import type { ConnectionActionBody } from './queries';

const t = workspaceMessages.connections;
const FIELDS = [['contract_amount'], ['contract_date'], ['resolve_demand'], ['mark_transferred']];

interface Values {
  contract_amount: number;
  contract_date: Dayjs;
  resolve_demand?: boolean;
  mark_transferred?: boolean;
}

/**
 * 登记合同: the amount and the signing date (not in the future), and, if the caller owns the
 * entry, whether the demand is resolved or the achievement transferred with it.
 */
export function ContractModal({
  connection,
  open,
  busy,
  onCancel,
  onSubmit,
}: {
  connection: Connection;
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (body: ConnectionActionBody) => Promise<unknown>;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const owner = connection.role === 'owner';
  const finish = (v: Values) =>
    onSubmit({
      contract_amount: v.contract_amount.toFixed(2),
      contract_date: v.contract_date.format('YYYY-MM-DD'),
      resolve_demand: !!v.resolve_demand,
      mark_transferred: !!v.mark_transferred,
    }).catch((err: unknown) => setError(applyErrorToForm(form, err, FIELDS)));
  return (
    <Modal
      open={open}
      title={t.contractTitle}
      okText={t.confirm}
      cancelText={messages.workspace.cancel}
      okButtonProps={{ loading: busy }}
      onCancel={onCancel}
      onOk={() => form.submit()}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={finish}>
        <Form.Item
          label={t.contractAmount}
          name="contract_amount"
          rules={[{ required: true, message: t.contractAmountRequired }]}
        >
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} autoFocus />
        </Form.Item>
        <Form.Item
          label={t.contractDate}
          name="contract_date"
          rules={[
            { required: true, message: t.contractDateRequired },
            {
              validator: (_, value?: Dayjs) =>
                value && value.isAfter(dayjs(), 'day')
                  ? Promise.reject(new Error(t.contractDateFuture))
                  : Promise.resolve(),
            },
          ]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
        {owner && connection.target_type === 'demand' && (
          <Form.Item name="resolve_demand" valuePropName="checked">
            <Checkbox>{t.resolveDemand}</Checkbox>
          </Form.Item>
        )}
        {owner && connection.target_type === 'achievement' && (
          <Form.Item name="mark_transferred" valuePropName="checked">
            <Checkbox>{t.markTransferred}</Checkbox>
          </Form.Item>
        )}
        {error && <div role="alert" style={{ color: '#cf1322' }}>{error}</div>}
      </Form>
    </Modal>
  );
}
