import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../app/errors';
import { messages } from '../../locales/zh-CN';

const t = messages.workspace;

export interface ActionSpec {
  label: string;
  confirm: string;
  primary?: boolean;
  danger?: boolean;
}

/**
 * The owner's actions on an entry: edit (draft or rejected), then the workflow actions its
 * status allows, each confirmed first. The answer replaces the cached detail.
 */
export function EntryActions<A extends string>({
  status,
  editTo,
  available,
  specs,
  perform,
  detailKey,
  listsKey,
  editable = status === 'draft' || status === 'rejected',
}: {
  status: string;
  editTo: string;
  available: Record<string, A[]>;
  specs: Partial<Record<A, ActionSpec>>;
  perform: (action: A) => Promise<unknown>;
  detailKey: QueryKey;
  listsKey: QueryKey;
  /** Whether the owner may still edit it; by default a draft or a rejected entry. */
  editable?: boolean;
}) {
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: perform,
    onSuccess: (updated) => {
      queryClient.setQueryData(detailKey, updated);
      void queryClient.invalidateQueries({ queryKey: listsKey });
      message.success(t.done);
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Space wrap>
      {editable && (
        <Link to={editTo}>
          <Button>{t.edit}</Button>
        </Link>
      )}
      {(available[status] ?? []).map((action) => {
        const spec = specs[action];
        if (!spec) return null;
        return (
          <Button
            key={action}
            type={spec.primary ? 'primary' : 'default'}
            danger={spec.danger}
            loading={act.isPending && act.variables === action}
            onClick={() =>
              modal.confirm({
                title: spec.confirm,
                okText: t.ok,
                cancelText: t.cancel,
                onOk: () => act.mutateAsync(action).catch(() => undefined),
              })
            }
          >
            {spec.label}
          </Button>
        );
      })}
    </Space>
  );
}
