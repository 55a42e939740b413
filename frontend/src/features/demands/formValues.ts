import dayjs, { type Dayjs } from 'dayjs';
import type { NamePath } from '../../app/errors';
import {
  CONTACT_FORM_FIELDS,
  fromContact,
  toContactBody,
  toNumber,
  blank,
  type ContactFormValues,
} from '../shared/formValues';
import type { Demand, DemandCreate } from './queries';

/** The form's shape: dates as dayjs, numbers as numbers. */
export interface DemandFormValues extends ContactFormValues {
  title: string;
  description: string;
  indicators?: string | null;
  field: string;
  region: string;
  demand_type: string;
  cooperation_mode?: string | null;
  budget_min?: number | null;
  budget_max?: number | null;
  budget_negotiable?: boolean;
  deadline?: Dayjs | null;
  valid_until: Dayjs;
}

export const DEMAND_FORM_FIELDS: NamePath[] = [
  'title', 'description', 'indicators', 'field', 'region', 'demand_type', 'cooperation_mode',
  'budget_min', 'budget_max', 'budget_negotiable', 'deadline', 'valid_until',
].map((n): NamePath => [n]).concat(CONTACT_FORM_FIELDS);

export function toDemandBody(v: DemandFormValues): DemandCreate {
  return {
    title: v.title,
    description: v.description,
    indicators: blank(v.indicators),
    field: v.field,
    region: v.region,
    demand_type: v.demand_type,
    cooperation_mode: v.cooperation_mode ?? null,
    budget_min: v.budget_min ?? null,
    budget_max: v.budget_max ?? null,
    budget_negotiable: !!v.budget_negotiable,
    deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    valid_until: v.valid_until.format('YYYY-MM-DD'),
    ...toContactBody(v),
  };
}

export function fromDemand(d: Demand): DemandFormValues {
  return {
    title: d.title,
    description: d.description,
    indicators: d.indicators,
    field: d.field,
    region: d.region,
    demand_type: d.demand_type,
    cooperation_mode: d.cooperation_mode,
    budget_min: toNumber(d.budget_min),
    budget_max: toNumber(d.budget_max),
    budget_negotiable: d.budget_negotiable,
    deadline: d.deadline ? dayjs(d.deadline) : null,
    valid_until: dayjs(d.valid_until),
    ...fromContact(d.contact, d.keywords),
  };
}
