import dayjs, { type Dayjs } from 'dayjs';
import type { NamePath } from '../../app/errors';
import { blank, toNumber } from '../shared/formValues';
import type { Challenge, ChallengeCreate, ChallengeUpdate } from './queries';

export interface CriterionValues {
  name: string;
  weight: number | null;
  max_score: number | null;
}

/** The challenge form's shape: the deadline as dayjs, amounts and weights as numbers. */
export interface ChallengeFormValues {
  title: string;
  description: string;
  indicators: string;
  field: string;
  region: string;
  keywords?: string[];
  board: ChallengeCreate['board'];
  mode: ChallengeCreate['mode'];
  min_valid_bids?: number | null;
  justification?: string | null;
  invited_organization_ids?: string[];
  bounty: number | null;
  payer: string;
  criteria: CriterionValues[];
  eligible_kinds?: NonNullable<ChallengeCreate['eligible_kinds']>;
  eligible_regions?: string[];
  verified_required: boolean;
  deadline: Dayjs | null;
  duration_months: number | null;
  publicity_days: number | null;
  origin_demand_id?: string | null;
}

export const CHALLENGE_FORM_FIELDS: NamePath[] = [
  'title', 'description', 'indicators', 'field', 'region', 'keywords', 'board', 'mode',
  'min_valid_bids', 'justification', 'invited_organization_ids', 'bounty', 'payer', 'criteria',
  'eligible_kinds', 'eligible_regions', 'verified_required', 'deadline', 'duration_months',
  'publicity_days', 'origin_demand_id',
].map((n): NamePath => [n]);

/** The API's default criteria, offered to start from (weights sum to 100). */
export const DEFAULT_CRITERIA: CriterionValues[] = [
  { name: '技术方案先进性', weight: 40, max_score: 10 },
  { name: '指标可达性', weight: 30, max_score: 10 },
  { name: '团队能力', weight: 20, max_score: 10 },
  { name: '报价合理性', weight: 10, max_score: 10 },
];

export const NEW_CHALLENGE: Partial<ChallengeFormValues> = {
  board: 'enterprise',
  mode: 'open_call',
  bounty: 0,
  criteria: DEFAULT_CRITERIA,
  verified_required: true,
  duration_months: 12,
  publicity_days: 5,
  keywords: [],
  eligible_kinds: [],
  eligible_regions: [],
  invited_organization_ids: [],
};

/** The sum of the weights, to two decimals (the API's precision), ignoring empty rows. */
export function weightTotal(criteria: (Partial<CriterionValues> | undefined)[] | undefined): number {
  const cents = (criteria ?? []).reduce((sum, c) => sum + Math.round((c?.weight ?? 0) * 100), 0);
  return cents / 100;
}

/** Why the criteria cannot be saved, in Chinese; null when they can. */
export function criteriaProblem(
  criteria: (Partial<CriterionValues> | undefined)[] | undefined,
): string | null {
  const rows = criteria ?? [];
  if (rows.length === 0) return '请至少设置一项评审标准';
  const total = weightTotal(rows);
  if (total !== 100) return `各项权重之和须为 100，当前为 ${total}`;
  const names = rows.map((c) => (c?.name ?? '').trim());
  if (new Set(names).size !== names.length) return '评审标准名称不能重复';
  return null;
}

export function toChallengeBody(v: ChallengeFormValues): ChallengeCreate {
  const competitive = v.mode === 'competitive';
  const directed = v.mode === 'directed';
  return {
    title: v.title.trim(),
    description: v.description,
    indicators: v.indicators,
    field: v.field,
    region: v.region,
    keywords: v.keywords ?? [],
    board: v.board,
    mode: v.mode,
    min_valid_bids: competitive ? (v.min_valid_bids ?? null) : null,
    justification: directed ? blank(v.justification) : null,
    invited_organization_ids: directed ? (v.invited_organization_ids ?? []) : [],
    bounty: String(v.bounty ?? 0),
    payer: v.payer.trim(),
    criteria: v.criteria.map((c) => ({
      name: c.name.trim(),
      weight: String(c.weight ?? 0),
      max_score: String(c.max_score ?? 0),
    })),
    eligible_kinds: v.eligible_kinds ?? [],
    eligible_regions: v.eligible_regions ?? [],
    verified_required: v.verified_required,
    deadline: (v.deadline ?? dayjs()).toISOString(),
    duration_months: v.duration_months ?? 0,
    publicity_days: v.publicity_days ?? 0,
    origin_demand_id: v.origin_demand_id ?? null,
  };
}

export function fromChallenge(c: Challenge): ChallengeFormValues {
  return {
    title: c.title,
    description: c.description,
    indicators: c.indicators,
    field: c.field,
    region: c.region,
    keywords: c.keywords,
    board: c.board,
    mode: c.mode,
    min_valid_bids: c.min_valid_bids,
    justification: c.justification,
    invited_organization_ids: c.invited_organization_ids,
    bounty: toNumber(c.bounty),
    payer: c.payer,
    criteria: c.criteria.map((k) => ({
      name: k.name,
      weight: toNumber(k.weight),
      max_score: toNumber(k.max_score),
    })),
    eligible_kinds: c.eligible_kinds as ChallengeFormValues['eligible_kinds'],
    eligible_regions: c.eligible_regions,
    verified_required: c.verified_required,
    deadline: dayjs(c.deadline),
    duration_months: c.duration_months,
    publicity_days: c.publicity_days,
    origin_demand_id: c.origin_demand_id,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what changed, for the PATCH: changing the terms of a published challenge asks its
 * bidders to re-confirm, so unchanged terms must not be sent. The origin demand is fixed.
 */
export function changedFields(values: ChallengeFormValues, existing: Challenge): ChallengeUpdate {
  const now = toChallengeBody(values);
  const before = toChallengeBody(fromChallenge(existing));
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof ChallengeCreate)[]) {
    if (key === 'origin_demand_id') continue;
    if (key === 'deadline' ? !dayjs(now.deadline).isSame(before.deadline) : !same(now[key], before[key])) {
      changes[key] = now[key];
    }
  }
  return changes as ChallengeUpdate;
}
