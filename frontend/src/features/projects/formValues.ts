import dayjs, { type Dayjs } from 'dayjs';
import type { NamePath } from '../../app/errors';
import { toNumber } from '../shared/formValues';
import type { Project, ProjectCreate } from './queries';

/** The application form's shape: dates as dayjs, the budget as a number. */
export interface ProjectFormValues {
  title: string;
  leader_name: string;
  call_id: string;
  kind: string;
  field: string;
  region: string;
  budget_requested: number;
  start_date: Dayjs;
  end_date: Dayjs;
  objectives: string;
  keywords?: string[];
}

export const PROJECT_FORM_FIELDS: NamePath[] = [
  'title', 'leader_name', 'call_id', 'kind', 'field', 'region', 'budget_requested',
  'start_date', 'end_date', 'objectives', 'keywords',
].map((n): NamePath => [n]);

/** Applications made in the SPA answer a call (origin `call`); directed ones come by import. */
export function toProjectBody(v: ProjectFormValues): ProjectCreate {
  return {
    title: v.title,
    leader_name: v.leader_name,
    origin: 'call',
    call_id: v.call_id,
    kind: v.kind,
    field: v.field,
    region: v.region,
    budget_requested: v.budget_requested,
    start_date: v.start_date.format('YYYY-MM-DD'),
    end_date: v.end_date.format('YYYY-MM-DD'),
    objectives: v.objectives,
    keywords: v.keywords ?? [],
  };
}

export function fromProject(p: Project): ProjectFormValues {
  return {
    title: p.title,
    leader_name: p.leader_name,
    call_id: p.call_id ?? '',
    kind: p.kind,
    field: p.field,
    region: p.region,
    budget_requested: toNumber(p.budget_requested) ?? 0,
    start_date: dayjs(p.start_date),
    end_date: dayjs(p.end_date),
    objectives: p.objectives,
    keywords: p.keywords,
  };
}
