import { messages } from '../../locales/zh-CN';

const cny = new Intl.NumberFormat('zh-CN', {
  style: 'currency',
  currency: 'CNY',
  maximumFractionDigits: 2,
});

/** A CNY amount or range; “面议” when negotiable or unknown. */
export function formatCny(
  min: string | null | undefined,
  max?: string | null,
  negotiable = false,
): string {
  if (negotiable || (!min && !max)) return messages.entry.negotiable;
  const f = (v: string) => cny.format(Number(v));
  if (min && max && min !== max) return `${f(min)} – ${f(max)}`;
  if (min && !max) return `≥ ${f(min)}`;
  if (!min && max) return `≤ ${f(max)}`;
  return f((min ?? max) as string);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return value.slice(0, 10);
}

/** One CNY amount, e.g. a budget requested or granted. */
export function formatAmount(value: string | number): string {
  return cny.format(Number(value));
}
