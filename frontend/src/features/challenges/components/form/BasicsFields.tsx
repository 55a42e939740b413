import { Col, DatePicker, Form, Input, InputNumber, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { challengeMessages } from '../../../../locales/challenges.zh-CN';
import { messages } from '../../../../locales/zh-CN';
import { TagsInput } from '../../../shared/ContactFields';
import { FieldAndRegionFields } from '../../../shared/FieldAndRegionFields';

const t = challengeMessages.form;
const required = [{ required: true, whitespace: true, message: t.required }];
const half = { xs: 24, md: 12 };
const third = { xs: 24, md: 8 };

const deadlineAhead = {
  validator: (_: unknown, value: Dayjs | null) =>
    !value || value.isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t.deadlineAhead)),
};

/** The problem, the board and the money: the first items of the challenge form. */
export function BasicsFields() {
  return (
    <>
      <Col span={24}>
        <Form.Item label={t.title} name="title" rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t.description} name="description" rules={required}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item label={t.indicators} name="indicators" rules={required}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Col>
      <FieldAndRegionFields fieldLabel={messages.entry.field} regionLabel={messages.entry.region} />
      <Col span={24}>
        <Form.Item label={messages.entry.keywords} name="keywords" extra={messages.entryForm.tagsHint}>
          <TagsInput />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.boardType} name="board" rules={[{ required: true, message: t.required }]}>
          <Radio.Group
            options={Object.entries(challengeMessages.boardType).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t.payer} name="payer" rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          label={t.bounty}
          name="bounty"
          extra={t.bountyHint}
          rules={[{ required: true, message: t.required }]}
        >
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          label={t.deadline}
          name="deadline"
          rules={[{ required: true, message: t.required }, deadlineAhead]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            needConfirm={false}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t.duration} name="duration_months" rules={[{ required: true, message: t.required }]}>
          <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t.publicityDays} name="publicity_days" rules={[{ required: true, message: t.required }]}>
          <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </>
  );
}
