import { useQuery } from '@tanstack/react-query';
import { Col, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { access } from '../../../../app/access';
import { useMe } from '../../../../app/auth/useAuth';
import { challengeMessages } from '../../../../locales/challenges.zh-CN';
import { organizationOptionsQuery } from '../../queries';
import type { ChallengeFormValues } from '../../challengeForm';

const t = challengeMessages.form;

/** Who may bid: the mode, and what each mode needs (a minimum, or invitations and a reason). */
export function ModeFields() {
  const form = Form.useFormInstance<ChallengeFormValues>();
  const mode = Form.useWatch('mode', form);
  const { data: me } = useMe();
  const staff = access(me).canReview;
  const organizations = useQuery({ ...organizationOptionsQuery(staff), enabled: mode === 'directed' });
  const own = me?.organization_id;
  return (
    <Col span={24}>
      <Form.Item label={t.mode} name="mode" rules={[{ required: true, message: t.required }]}>
        <Radio.Group
          options={Object.entries(challengeMessages.mode).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      {mode && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -16 }}>
          {t.modeHint[mode]}
        </Typography.Paragraph>
      )}
      {mode === 'competitive' && (
        <Form.Item
          label={t.minValidBids}
          name="min_valid_bids"
          rules={[{ required: true, message: t.required }]}
        >
          <InputNumber min={1} max={100} precision={0} style={{ width: 200 }} />
        </Form.Item>
      )}
      {mode === 'directed' && (
        <>
          <Form.Item
            label={t.invited}
            name="invited_organization_ids"
            extra={t.invitedHint}
            rules={[{ required: true, type: 'array', min: 1, message: t.required }]}
          >
            <Select
              mode="multiple"
              loading={organizations.isPending}
              options={(organizations.data ?? []).filter((o) => o.value !== own)}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          <Form.Item
            label={t.justification}
            name="justification"
            rules={[{ required: true, whitespace: true, message: t.required }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
    </Col>
  );
}
