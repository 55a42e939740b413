import { useMutation } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/errors';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { actOnChallenge, type Challenge, type ChallengeAction } from '../queries';
import { useRefresh } from '../useRefresh';
import { ReasonModal } from './ReasonModal';

const t = challengeMessages.staff;

export type ActionSpec = {
  action: ChallengeAction;
  label: string;
  reason?: boolean;
  danger?: boolean;
  primary?: boolean;
};

/** Buttons that move the challenge on (staff's or the issuer's); those that need one ask for a
 * reason. */
export function ChallengeActions({
  challenge,
  specs,
  testId,
}: {
  challenge: Challenge;
  specs: ActionSpec[];
  testId: string;
}) {
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [asking, setAsking] = useState<ActionSpec | null>(null);
  const act = useMutation({
    mutationFn: ({ action, reason }: { action: ChallengeAction; reason?: string }) =>
      actOnChallenge(challenge.id, action, reason),
    onSuccess: () => {
      message.success(t.done);
      setAsking(null);
      void refresh();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (specs.length === 0) return null;
  return (
    <Space wrap data-testid={testId}>
      {specs.map((s) =>
        s.reason ? (
          <Button
            key={s.action}
            danger={s.danger}
            type={s.primary ? 'primary' : 'default'}
            onClick={() => setAsking(s)}
          >
            {s.label}
          </Button>
        ) : (
          <Popconfirm
            key={s.action}
            title={`${s.label}？`}
            onConfirm={() => act.mutate({ action: s.action })}
          >
            <Button
              type={s.primary ? 'primary' : 'default'}
              loading={act.isPending && act.variables.action === s.action}
            >
              {s.label}
            </Button>
          </Popconfirm>
        ),
      )}
      <ReasonModal
        open={asking !== null}
        title={asking?.action === 'cancel' ? t.cancelTitle : (asking?.label ?? '')}
        okText={asking?.label ?? ''}
        danger={asking?.danger}
        busy={act.isPending}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && act.mutate({ action: asking.action, reason })}
      />
    </Space>
  );
}

