import { Col, Form, Select, type FormRule } from 'antd';
import { messages } from '../../locales/zh-CN';
import { useTermOptions } from '../catalog/queries';

type TermOption = { value: string; label: string };

const required = [{ required: true, message: messages.auth.required }];
const half = { xs: 24, md: 12 };
const everyField = (options: TermOption[]) => options;

/**
 * 所属领域 and 所在地区 from the catalogue, side by side: every entry form asks for both. A
 * project's call may take only some fields, hence `narrowFields` and an extra `fieldRule`.
 */
export function FieldAndRegionFields({
  fieldLabel,
  regionLabel,
  narrowFields = everyField,
  fieldRule,
}: {
  fieldLabel: string;
  regionLabel: string;
  narrowFields?: (options: TermOption[]) => TermOption[];
  fieldRule?: FormRule;
}) {
  const fields = useTermOptions('field');
  const regions = useTermOptions('region');
  return (
    <>
      <Col {...half}>
        <Form.Item label={fieldLabel} name="field" rules={fieldRule ? [...required, fieldRule] : required}>
          <Select options={narrowFields(fields)} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={regionLabel} name="region" rules={required}>
          <Select options={regions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Col>
    </>
  );
}
