import { Col, Form, Input, Select } from 'antd';
import { messages } from '../../locales/zh-CN';

const t = messages.entryForm;

/** Free tags typed in and confirmed with Enter (keywords, inventors, IP numbers). */
export function TagsInput(props: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  return <Select mode="tags" open={false} suffixIcon={null} {...props} />;
}

/** Contact person, phone, e-mail and keywords: the last items of every entry form. */
export function ContactFields() {
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item label={t.contactName} name="contact_name">
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t.contactPhone} name="contact_phone">
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t.contactEmail} name="contact_email">
          <Input type="email" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label={t.keywords} name="keywords" extra={t.tagsHint}>
          <TagsInput />
        </Form.Item>
      </Col>
    </>
  );
}
