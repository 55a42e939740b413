import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useTermOptions } from '../../features/catalog/queries';
import { messages } from '../../locales/zh-CN';
import { applyErrorToForm, type NamePath } from '../errors';
import { signIn } from './useAuth';

const t = messages.auth;
type Registration = components['schemas']['Registration'];

const KNOWN: NamePath[] = [
  ['email'], ['password'], ['display_name'], ['mobile'],
  ['organization', 'name'], ['organization', 'kind'], ['organization', 'credit_code'],
  ['organization', 'region'], ['organization', 'fields'], ['organization', 'contact_name'],
  ['organization', 'contact_phone'], ['organization', 'contact_email'],
];

const required = [{ required: true, message: t.required }];

export function RegisterPage() {
  const [form] = Form.useForm<Registration>();
  const navigate = useNavigate();
  const regions = useTermOptions('region');
  const fields = useTermOptions('field');
  const [error, setError] = useState<string | null>(null);
  const kinds = Object.entries(messages.orgKinds).map(([value, label]) => ({ value, label }));

  const register = useMutation({
    mutationFn: async (values: Registration) => {
      const body: Registration = { ...values, mobile: values.mobile || null };
      unwrap(await api.POST('/api/v1/auth/register', { body }));
      await signIn(values.email, values.password);
    },
    onSuccess: () => navigate('/workspace', { replace: true }),
    onError: (err) => setError(applyErrorToForm(form, err, KNOWN)),
  });

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t.registerTitle}</h1>} style={{ maxWidth: 640, margin: '0 auto' }}>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); register.mutate(v); }}>
        <Form.Item label={t.email} name="email" rules={required}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item label={t.password} name="password" rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t.displayName} name="display_name" rules={required}>
          <Input />
        </Form.Item>
        <Form.Item label={t.mobile} name="mobile">
          <Input autoComplete="tel" />
        </Form.Item>
        <Divider titlePlacement="start">{t.orgSection}</Divider>
        <Form.Item label={t.orgName} name={['organization', 'name']} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item label={t.orgKind} name={['organization', 'kind']} rules={required}>
          <Select options={kinds} />
        </Form.Item>
        <Form.Item label={t.creditCode} name={['organization', 'credit_code']} rules={required}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label={t.region} name={['organization', 'region']} rules={required}>
          <Select options={regions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label={t.fields} name={['organization', 'fields']}>
          <Select mode="multiple" options={fields} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label={t.contactName} name={['organization', 'contact_name']}>
          <Input />
        </Form.Item>
        <Form.Item label={t.contactPhone} name={['organization', 'contact_phone']}>
          <Input />
        </Form.Item>
        <Form.Item label={t.contactEmail} name={['organization', 'contact_email']}>
          <Input type="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending} block>
          {t.submitRegister}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <Link to="/login">{t.haveAccount}</Link>
      </div>
    </Card>
  );
}
