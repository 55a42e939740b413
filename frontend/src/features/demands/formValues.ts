import dayjs, { type Dayjs } from 'dayjs';
import type { NamePath } from '../../app/errors';
import type { Demand, DemandCreate } from './queries';

/** The form's shape: dates as dayjs, numbers as numbers. */
export interface DemandFormValues {
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
  contact_name?: string | null;
  contact_phone?: string | null;
  contact_email?: string | null;
  keywords?: string[];
}

export const DEMAND_FORM_FIELDS: NamePath[] = [
  'title', 'description', 'indicators', 'field', 'region', 'demand_type', 'cooperation_mode',
  'budget_min', 'budget_max', 'budget_negotiable', 'deadline', 'valid_until', 'contact_name',
  'contact_phone', 'contact_email', 'keywords',
].map((n) => [n]);

const blank = (v: string | null | undefined) => (v && v.trim() ? v : null);

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
    contact_name: blank(v.contact_name),
    contact_phone: blank(v.contact_phone),
    contact_email: blank(v.contact_email),
    keywords: v.keywords ?? [],
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
    budget_min: d.budget_min === null ? null : Number(d.budget_min),
    budget_max: d.budget_max === null ? null : Number(d.budget_max),
    budget_negotiable: d.budget_negotiable,
    deadline: d.deadline ? dayjs(d.deadline) : null,
    valid_until: dayjs(d.valid_until),
    contact_name: d.contact?.name ?? null,
    contact_phone: d.contact?.phone ?? null,
    contact_email: d.contact?.email ?? null,
    keywords: d.keywords,
  };
}
