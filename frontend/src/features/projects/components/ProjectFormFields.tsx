import { useQuery } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { useTermOptions } from '../../catalog/queries';
import { TagsInput } from '../../shared/ContactFields';
import { FieldAndRegionFields } from '../../shared/FieldAndRegionFields';
import { formatDate } from '../../shared/format';
import { openCallsQuery, type ProjectCall } from '../queries';

const t = projectMessages.form;
const required = [{ required: true, message: messages.auth.required }];
const half = { xs: 24, md: 12 };

function callLabel(c: ProjectCall): string {
  const when = c.rolling ? t.rolling : t.window(formatDate(c.opens_at), formatDate(c.closes_at));
  return `${c.name}（${when}）`;
}

/** A code the chosen call does not take is refused here, in Chinese, before the server does. */
function inCall(calls: ProjectCall[], key: 'kinds' | 'fields', message: string) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value?: string) => {
      const call = calls.find((c) => c.id === getFieldValue('call_id'));
      const allowed = call?.[key] ?? [];
      return !value || allowed.length === 0 || allowed.includes(value)
        ? Promise.resolve()
        : Promise.reject(new Error(message));
    },
  });
}

/** The items of the application form 项目申报书; names match the API's body fields. */
export function ProjectFormFields() {
  const { data: calls = [], isPending } = useQuery(openCallsQuery());
  const form = Form.useFormInstance();
  const callId = Form.useWatch<string | undefined>('call_id', form);
  const call = calls.find((c) => c.id === callId);
  const kinds = useTermOptions('project_kind');
  const within = (options: { value: string; label: string }[], allowed?: string[]) =>
    allowed && allowed.length > 0 ? options.filter((o) => allowed.includes(o.value)) : options;
  return (
    <Row gutter={16}>
      {!isPending && calls.length === 0 && (
        <Col span={24}>
          <Alert type="warning" showIcon title={t.noOpenCall} style={{ marginBottom: 16 }} />
        </Col>
      )}
      <Col span={24}>
        <Form.Item label={t.title} name="title" rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.call} name="call_id" rules={required} extra={t.callHint}>
          <Select
            loading={isPending}
            options={calls.map((c) => ({ value: c.id, label: callLabel(c) }))}
            onChange={() => void form.validateFields(['kind', 'field']).catch(() => undefined)}
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.kind} name="kind" rules={[...required, inCall(calls, 'kinds', t.kindNotInCall)]}>
          <Select options={within(kinds, call?.kinds)} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.leader} name="leader_name" rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <FieldAndRegionFields
        fieldLabel={t.field}
        regionLabel={t.region}
        narrowFields={(options) => within(options, call?.fields)}
        fieldRule={inCall(calls, 'fields', t.fieldNotInCall)}
      />
      <Col {...half}>
        <Form.Item
          label={t.budget}
          name="budget_requested"
          rules={[...required, { type: 'number', min: 0.01, message: t.budgetPositive }]}
        >
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half} />
      <Col {...half}>
        <Form.Item label={t.start} name="start_date" rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          label={t.end}
          name="end_date"
          dependencies={['start_date']}
          rules={[
            ...required,
            ({ getFieldValue }) => ({
              validator: (_, value?: Dayjs) => {
                const start = getFieldValue('start_date') as Dayjs | undefined;
                return value && start && !value.isAfter(start, 'day')
                  ? Promise.reject(new Error(t.endAfterStart))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label={t.objectives} name="objectives" rules={required}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item label={messages.entryForm.keywords} name="keywords" extra={messages.entryForm.tagsHint}>
          <TagsInput />
        </Form.Item>
      </Col>
    </Row>
  );
}
