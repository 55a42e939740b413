import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import type { BidFormValues } from '../format';

const t = challengeMessages.bid;
const required = [{ required: true, whitespace: true, message: t.required }];

/** Rows added and removed by the bidder (team members, milestones), each with its own inputs. */
function RowList({
  name,
  testId,
  addLabel,
  children,
}: {
  name: string;
  testId: string;
  addLabel: string;
  children: (row: number) => ReactNode;
}) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map(({ key, name: row }) => (
            <Space key={key} wrap align="start" data-testid={testId}>
              {children(row)}
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t.remove}
                onClick={() => remove(row)}
              />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
            {addLabel}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

/** 揭榜申请: leader, team, approach, milestones, price. */
export function BidForm({
  form,
  initial,
  onFinish,
}: {
  form: FormInstance<BidFormValues>;
  initial: Partial<BidFormValues>;
  onFinish: (values: BidFormValues) => void;
}) {
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={onFinish} name="bid">
      <Form.Item label={t.leader} name="leader_name" rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t.team} required={false}>
        <RowList name="team" testId="team-member" addLabel={t.addMember}>
          {(row) => (
            <>
              <Form.Item name={[row, 'name']} rules={required} noStyle>
                <Input placeholder={t.memberName} aria-label={t.memberName} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name={[row, 'title']} noStyle>
                <Input placeholder={t.memberTitle} aria-label={t.memberTitle} style={{ width: 90 }} />
              </Form.Item>
              <Form.Item name={[row, 'email']} rules={[{ type: 'email', message: '邮箱格式不正确' }]} noStyle>
                <Input placeholder={t.memberEmail} aria-label={t.memberEmail} style={{ width: 170 }} />
              </Form.Item>
            </>
          )}
        </RowList>
      </Form.Item>
      <Form.Item label={t.approach} name="approach" rules={required}>
        <Input.TextArea rows={5} maxLength={20000} />
      </Form.Item>
      <Form.Item label={t.milestones}>
        <RowList name="milestones" testId="bid-milestone" addLabel={t.addMilestone}>
          {(row) => (
            <>
              <Form.Item name={[row, 'title']} rules={required} noStyle>
                <Input placeholder={t.milestoneTitle} aria-label={t.milestoneTitle} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[row, 'month']} rules={[{ required: true, message: t.required }]} noStyle>
                <InputNumber
                  min={1}
                  max={120}
                  placeholder={t.milestoneMonth}
                  aria-label={t.milestoneMonth}
                  style={{ width: 110 }}
                />
              </Form.Item>
            </>
          )}
        </RowList>
      </Form.Item>
      <Form.Item label={t.price} name="price" rules={[{ required: true, message: t.required }]}>
        <InputNumber min={0.01} max={100000000000} precision={2} style={{ width: '100%' }} />
      </Form.Item>
    </Form>
  );
}
