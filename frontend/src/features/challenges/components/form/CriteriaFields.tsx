import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { challengeMessages } from '../../../../locales/challenges.zh-CN';
import { criteriaProblem, weightTotal, type ChallengeFormValues } from '../../challengeForm';

const t = challengeMessages.form;

/** 评审标准: name, weight and maximum score of each criterion; the weights must sum to 100. */
export function CriteriaFields() {
  const form = Form.useFormInstance<ChallengeFormValues>();
  const criteria = Form.useWatch('criteria', form);
  const total = weightTotal(criteria);
  const shape = JSON.stringify(criteria ?? []);
  // Once the list shows an error, check it again as the rows change, so a fix clears it.
  useEffect(() => {
    if (form.getFieldError(['criteria']).length > 0) {
      form.validateFields([['criteria']]).catch(() => undefined);
    }
  }, [form, shape]);
  return (
    <Col span={24}>
      <h2 style={{ fontSize: 16 }}>{t.criteria}</h2>
      <Form.List
        name="criteria"
        rules={[
          {
            validator: (_, value: ChallengeFormValues['criteria']) => {
              const problem = criteriaProblem(value);
              return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <div data-testid="criteria">
            {rows.map(({ key, name }) => (
              <Space key={key} align="baseline" wrap style={{ display: 'flex' }}>
                <Form.Item
                  name={[name, 'name']}
                  label={t.criterionName}
                  rules={[{ required: true, whitespace: true, message: t.required }]}
                >
                  <Input maxLength={100} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item
                  name={[name, 'weight']}
                  label={t.weight}
                  rules={[{ required: true, message: t.required }]}
                >
                  <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: 120 }} />
                </Form.Item>
                <Form.Item
                  name={[name, 'max_score']}
                  label={t.maxScore}
                  rules={[{ required: true, message: t.required }]}
                >
                  <InputNumber min={0.01} max={1000} precision={2} style={{ width: 110 }} />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`${t.remove} ${criteria?.[name]?.name ?? ''}`}
                  onClick={() => remove(name)}
                />
              </Space>
            ))}
            <Form.Item>
              <Space wrap>
                <Button icon={<PlusOutlined />} onClick={() => add({ name: '', weight: null, max_score: 10 })}>
                  {t.addCriterion}
                </Button>
                <Typography.Text type={total === 100 ? 'success' : 'warning'} data-testid="weight-total">
                  {t.weightTotal(total)}
                </Typography.Text>
                <Typography.Text type="secondary">{t.criteriaHint}</Typography.Text>
              </Space>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          </div>
        )}
      </Form.List>
    </Col>
  );
}
