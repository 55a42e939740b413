import { reviewMessages } from '../../locales/reviews.zh-CN';

const t = reviewMessages;

/** Why a score is refused, or null: each criterion is scored from 0 to its maximum. */
export function scoreError(value: number | null | undefined, max: number): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return t.required;
  if (value < 0 || value > max) return t.outOfRange(String(max));
  return null;
}
