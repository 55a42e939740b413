import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { messages } from '../../../locales/zh-CN';
import { useTermOptions } from '../../catalog/queries';
import { ContactFields, TagsInput } from '../../shared/ContactFields';
import { FieldAndRegionFields } from '../../shared/FieldAndRegionFields';

const t = messages.achievementForm;
const hint = messages.entryForm.tagsHint;
const required = [{ required: true, message: messages.auth.required }];
const atLeastOne = [{ required: true, type: 'array' as const, min: 1, message: t.transferModesRequired }];
const half = { xs: 24, md: 12 };

/** The items of the achievement form; names match the API's body fields. */
export function AchievementFormFields() {
  const maturities = useTermOptions('maturity');
  const ipTypes = useTermOptions('ip_type');
  const modes = useTermOptions('transfer_mode');
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label={t.title} name="title" rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.abstract} name="abstract" rules={required}>
          <Input.TextArea rows={5} />
        </Form.Item>
      </Col>
      <FieldAndRegionFields fieldLabel={t.field} regionLabel={t.region} />
      <Col {...half}>
        <Form.Item label={t.maturity} name="maturity">
          <Select options={maturities} allowClear />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.trl} name="trl">
          <InputNumber min={1} max={9} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.ipType} name="ip_type">
          <Select options={ipTypes} allowClear />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.ipNumbers} name="ip_numbers" extra={hint}>
          <TagsInput />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label={t.transferModes} name="transfer_modes" rules={atLeastOne}>
          <Select mode="multiple" options={modes} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.askingPrice} name="asking_price">
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label=" " name="price_negotiable" valuePropName="checked">
          <Checkbox>{t.negotiable}</Checkbox>
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.inventors} name="inventors" extra={hint}>
          <TagsInput />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.registrationNumber} name="registration_number">
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <ContactFields />
    </Row>
  );
}
