import type { Dayjs } from 'dayjs';
import type { AuditFilters, ImportJob } from './queries';

export type AuditFilterValues = {
  action?: string;
  entity_type?: string;
  entity_id?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
};

/** The form's values as the API's query: blanks left out, the period as whole days. */
export function toAuditFilters(values: AuditFilterValues): AuditFilters {
  const text = (v?: string) => v?.trim() || undefined;
  const [since, until] = values.period ?? [];
  return {
    action: text(values.action),
    entity_type: text(values.entity_type),
    entity_id: text(values.entity_id),
    since: since ? since.startOf('day').toISOString() : undefined,
    until: until ? until.endOf('day').toISOString() : undefined,
  };
}

/** Percent done: processed of total once the file has been read, 0 before. */
export function importPercent(job: Pick<ImportJob, 'status' | 'total' | 'processed'>): number {
  if (job.status === 'succeeded' || job.status === 'partial') return 100;
  if (!job.total) return 0;
  return Math.min(100, Math.round((job.processed / job.total) * 100));
}
