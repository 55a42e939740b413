import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { messages } from '../../locales/zh-CN';
import { errorMessage } from '../errors';
import { safeNext, signIn, TooManyAttemptsError } from './useAuth';

const t = messages.auth;


export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.email, values.password);
      queryClient.clear();
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (err instanceof TooManyAttemptsError) setError(t.tooMany(err.retryAfter));
      else if (err instanceof ApiError && err.status === 401) setError(t.badCredentials);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t.loginTitle}</h1>} style={{ maxWidth: 420, margin: '0 auto' }}>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label={t.email} name="email" rules={[{ required: true, message: t.required }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item label={t.password} name="password" rules={[{ required: true, message: t.required }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t.submitLogin}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <Link to="/register">{t.noAccount}</Link>
      </div>
    </Card>
  );
}
