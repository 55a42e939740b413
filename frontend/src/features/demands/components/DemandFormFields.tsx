import { Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { messages } from '../../../locales/zh-CN';
import { useTermOptions } from '../../catalog/queries';
import { ContactFields } from '../../shared/ContactFields';
import { FieldAndRegionFields } from '../../shared/FieldAndRegionFields';

const t = messages.demandForm;
const required = [{ required: true, message: messages.auth.required }];
const half = { xs: 24, md: 12 };

/** The items of the demand form; names match the API's body fields. */
export function DemandFormFields() {
  const types = useTermOptions('demand_type');
  const modes = useTermOptions('cooperation_mode');
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label={t.title} name="title" rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.description} name="description" rules={required}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item label={t.indicators} name="indicators">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Col>
      <FieldAndRegionFields fieldLabel={t.field} regionLabel={t.region} />
      <Col {...half}>
        <Form.Item label={t.demandType} name="demand_type" rules={required}>
          <Select options={types} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.cooperationMode} name="cooperation_mode">
          <Select options={modes} allowClear />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.budgetMin} name="budget_min">
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.budgetMax} name="budget_max">
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="budget_negotiable" valuePropName="checked">
          <Checkbox>{t.negotiable}</Checkbox>
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.deadline} name="deadline">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.validUntil} name="valid_until" rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <ContactFields />
    </Row>
  );
}
