import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/auth/useAuth';
import { applyErrorToForm } from '../../app/errors';
import { memberMessages as t } from '../../locales/members.zh-CN';

type Invitation = components['schemas']['InvitationCreated'];

/** The owner of an organisation invites a colleague: the link is shown once. */
export function InvitePage() {
  const { data: me } = useMe();
  const [form] = Form.useForm<{ email: string }>();
  const [error, setError] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: async ({ email }: { email: string }): Promise<Invitation> =>
      unwrap(
        await api.POST('/api/v1/organizations/{organization_id}/invitations', {
          params: { path: { organization_id: me?.organization_id ?? '' } },
          body: { email },
        }),
      ),
    onSuccess: () => form.resetFields(),
    onError: (err) => setError(applyErrorToForm(form, err, [['email']])),
  });
  if (me && me.membership !== 'owner') return <Result status="403" title={t.ownerOnly} />;
  const link = invite.data ? `${window.location.origin}/invitations/${invite.data.token}` : null;
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t.title}</h1>} style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      {invite.data && link && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t.created(invite.data.email, invite.data.expires_at.slice(0, 10))}
          description={<Typography.Text copyable data-testid="invitation-link">{link}</Typography.Text>}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); invite.mutate(v); }}>
        <Form.Item label={t.email} name="email" rules={[{ required: true, message: t.required }]}>
          <Input type="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={invite.isPending}>
          {t.invite}
        </Button>
      </Form>
    </Card>
  );
}
