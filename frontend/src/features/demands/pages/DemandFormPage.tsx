import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { EntryFormPage } from '../../shared/EntryFormPage';
import { DemandFormFields } from '../components/DemandFormFields';
import { DEMAND_FORM_FIELDS, fromDemand, toDemandBody, type DemandFormValues } from '../formValues';
import { createDemand, demandKeys, demandQuery, updateDemand, type Demand } from '../queries';

const t = messages.workspace;

const save = (values: DemandFormValues, existing: Demand | undefined) => {
  const body = toDemandBody(values);
  return existing ? updateDemand(existing.id, existing.version, body) : createDemand(body);
};

/** `/workspace/demands/new` and `/workspace/demands/:id/edit`. */
export function DemandFormPage() {
  const { id } = useParams();
  const existing = useQuery({ ...demandQuery(id ?? ''), enabled: !!id });
  return (
    <EntryFormPage<Demand, DemandFormValues>
      id={id}
      heading={id ? t.editDemand : t.newDemand}
      existing={existing.data}
      loading={existing.isPending}
      fromEntry={fromDemand}
      save={save}
      fieldNames={DEMAND_FORM_FIELDS}
      detailKey={demandKeys.detail}
      listsKey={demandKeys.lists()}
      detailPath={(demandId) => `/demands/${demandId}`}
      initialValues={{ budget_negotiable: false, keywords: [] }}
    >
      <DemandFormFields />
    </EntryFormPage>
  );
}
