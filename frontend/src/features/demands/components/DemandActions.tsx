import { messages } from '../../../locales/zh-CN';
import { EntryActions, type ActionSpec } from '../../shared/EntryActions';
import { actOnDemand, demandKeys, type Demand, type DemandAction } from '../queries';

const t = messages.workspace;

const AVAILABLE: Record<string, DemandAction[]> = {
  draft: ['submit', 'close'],
  rejected: ['submit', 'close'],
  pending_review: ['withdraw'],
  published: ['close'],
  in_progress: ['close'],
};

const SPECS: Partial<Record<DemandAction, ActionSpec>> = {
  submit: { label: t.submit, confirm: t.confirmSubmit, primary: true },
  withdraw: { label: t.withdraw, confirm: t.confirmWithdraw },
  close: { label: t.close, confirm: t.confirmClose, danger: true },
};

/** The owner's actions on a demand: edit, submit / withdraw / close, each confirmed. */
export function DemandActions({ demand }: { demand: Demand }) {
  return (
    <EntryActions<DemandAction>
      status={demand.status}
      editTo={`/workspace/demands/${demand.id}/edit`}
      available={AVAILABLE}
      specs={SPECS}
      perform={(action) => actOnDemand(demand.id, action)}
      detailKey={demandKeys.detail(demand.id)}
      listsKey={demandKeys.lists()}
    />
  );
}
