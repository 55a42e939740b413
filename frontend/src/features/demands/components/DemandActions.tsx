import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { actOnDemand, demandKeys, type Demand, type DemandAction } from '../queries';

const t = messages.workspace;

const AVAILABLE: Record<string, DemandAction[]> = {
  draft: ['submit', 'close'],
  rejected: ['submit', 'close'],
  pending_review: ['withdraw'],
  published: ['close'],
  in_progress: ['close'],
};

const LABEL: Partial<Record<DemandAction, { label: string; confirm: string }>> = {
  submit: { label: t.submit, confirm: t.confirmSubmit },
  withdraw: { label: t.withdraw, confirm: t.confirmWithdraw },
  close: { label: t.close, confirm: t.confirmClose },
};

/** The owner's actions on a demand: edit, submit / withdraw / close, each confirmed. */
export function DemandActions({ demand }: { demand: Demand }) {
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: DemandAction) => actOnDemand(demand.id, action),
    onSuccess: (updated) => {
      queryClient.setQueryData(demandKeys.detail(demand.id), updated);
      void queryClient.invalidateQueries({ queryKey: demandKeys.lists() });
      message.success(t.done);
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const editable = demand.status === 'draft' || demand.status === 'rejected';
  return (
    <Space wrap>
      {editable && (
        <Link to={`/workspace/demands/${demand.id}/edit`}>
          <Button>{t.edit}</Button>
        </Link>
      )}
      {(AVAILABLE[demand.status] ?? []).map((action) => {
        const l = LABEL[action];
        if (!l) return null;
        return (
          <Button
            key={action}
            type={action === 'submit' ? 'primary' : 'default'}
            danger={action === 'close'}
            loading={act.isPending && act.variables === action}
            onClick={() =>
              modal.confirm({
                title: l.confirm,
                okText: t.ok,
                cancelText: t.cancel,
                onOk: () => act.mutateAsync(action).catch(() => undefined),
              })
            }
          >
            {l.label}
          </Button>
        );
      })}
    </Space>
  );
}
