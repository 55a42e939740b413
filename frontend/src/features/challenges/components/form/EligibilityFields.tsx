import { Checkbox, Col, Form, Select } from 'antd';
import { challengeMessages } from '../../../../locales/challenges.zh-CN';
import { useTermOptions } from '../../../catalog/queries';

const t = challengeMessages.form;

/** 揭榜条件: the organisation kinds and regions that may bid, and whether verification is needed. */
export function EligibilityFields() {
  const regions = useTermOptions('region');
  const kinds = Object.entries(challengeMessages.orgKind).map(([value, label]) => ({ value, label }));
  return (
    <>
      <Col span={24}>
        <h2 style={{ fontSize: 16 }}>{t.eligibility}</h2>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label={t.kinds} name="eligible_kinds" extra={t.kindsHint}>
          <Select mode="multiple" options={kinds} allowClear />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label={t.regions} name="eligible_regions" extra={t.regionsHint}>
          <Select mode="multiple" options={regions} allowClear showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="verified_required" valuePropName="checked">
          <Checkbox>{t.verifiedRequired}</Checkbox>
        </Form.Item>
      </Col>
    </>
  );
}
