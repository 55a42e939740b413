import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { workspaceMessages } from '../../../locales/workspace.zh-CN';
import { matchingErrorMessage } from '../../matching/queries';
import { ReasonModal } from '../../shared/ReasonModal';
import type { Connection } from '../../thread/queries';
import { ContractModal } from './ContractModal';
import { actOnConnection, connectionKeys, type ConnectionAction, type ConnectionActionBody } from './queries';

const t = workspaceMessages.connections;
/** Actions that ask for a reason first; `contract` asks for its terms. */
const NEEDS_REASON: Partial<Record<ConnectionAction, string>> = {
  decline: t.declineTitle,
  close: t.closeTitle,
};

/** The buttons the server says the caller may press on this connection, with their forms. */
export function ConnectionActions({ connection }: { connection: Connection }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<ConnectionAction | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: ConnectionAction; body: ConnectionActionBody | null }) =>
      actOnConnection(connection.id, action, body),
    onSuccess: () => {
      setAsking(null);
      void message.success(t.done);
      void queryClient.invalidateQueries({ queryKey: connectionKeys.all });
      void queryClient.invalidateQueries({
        queryKey: [connection.target_type === 'demand' ? 'demands' : 'achievements'],
      });
    },
  });
  const run = (action: ConnectionAction, body: ConnectionActionBody | null) =>
    act.mutateAsync({ action, body });
  const runShowingErrors = (action: ConnectionAction, body: ConnectionActionBody | null) =>
    run(action, body).catch((err: unknown) => void message.error(matchingErrorMessage(err)));
  if (connection.actions.length === 0) return null;
  const reasonTitle = asking ? NEEDS_REASON[asking] : undefined;
  return (
    <Space wrap>
      {connection.actions.map((action) => (
        <Button
          key={action}
          size="small"
          type={action === 'accept' || action === 'contract' ? 'primary' : 'default'}
          danger={action === 'decline' || action === 'close'}
          loading={act.isPending && act.variables.action === action}
          aria-label={`${t.actions[action]} ${connection.target_title}`}
          onClick={() =>
            action === 'contract' || NEEDS_REASON[action]
              ? setAsking(action)
              : void runShowingErrors(action, null)
          }
        >
          {t.actions[action]}
        </Button>
      ))}
      <ReasonModal
        open={!!reasonTitle}
        title={reasonTitle ?? ''}
        okText={asking ? (t.actions[asking] ?? '') : ''}
        label={t.reason}
        requiredMessage={t.reasonRequired}
        busy={act.isPending}
        danger
        onCancel={() => setAsking(null)}
        onSubmit={(reason) =>
          asking &&
          void runShowingErrors(asking, { reason, resolve_demand: false, mark_transferred: false })
        }
      />
      <ContractModal
        connection={connection}
        open={asking === 'contract'}
        busy={act.isPending}
        onCancel={() => setAsking(null)}
        onSubmit={(body) => run('contract', body)}
      />
    </Space>
  );
}
