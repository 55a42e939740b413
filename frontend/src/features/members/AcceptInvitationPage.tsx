import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { signIn } from '../../app/auth/useAuth';
import { applyErrorToForm } from '../../app/errors';
import { memberMessages as t } from '../../locales/members.zh-CN';

type Acceptance = components['schemas']['InvitationAcceptance'];

/** 接受邀请: the invitee sets a name and password, joins the organisation and is signed in. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Acceptance>();
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation({
    mutationFn: async (values: Acceptance) => {
      const me = unwrap(
        await api.POST('/api/v1/auth/invitations/{token}/accept', {
          params: { path: { token } },
          body: { ...values, mobile: values.mobile || null },
        }),
      );
      await signIn(me.email, values.password);
    },
    onSuccess: () => navigate('/workspace', { replace: true }),
    onError: (err) =>
      setError(applyErrorToForm(form, err, [['password'], ['display_name'], ['mobile']])),
  });
  const required = [{ required: true, message: t.required }];
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t.acceptTitle}</h1>} style={{ maxWidth: 480, margin: '0 auto' }}>
      <Typography.Paragraph type="secondary">{t.acceptIntro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); accept.mutate(v); }}>
        <Form.Item label={t.displayName} name="display_name" rules={required}>
          <Input />
        </Form.Item>
        <Form.Item label={t.password} name="password" rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t.mobile} name="mobile">
          <Input autoComplete="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={accept.isPending}>
          {t.accept}
        </Button>
      </Form>
    </Card>
  );
}
