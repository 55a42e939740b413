import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRITERIA,
  changedFields,
  criteriaProblem,
  fromChallenge,
  toChallengeBody,
  weightTotal,
  type ChallengeFormValues,
} from './challengeForm';
import type { Challenge } from './queries';

const values: ChallengeFormValues = {
  title: ' 镁合金电池壳体攻关 ',
  description: '轻量化与防腐一体化。',
  indicators: '减重 30%。',
  field: 'new_energy_vehicle',
  region: 'yanhu',
  keywords: ['镁合金'],
  board: 'government',
  mode: 'open_call',
  min_valid_bids: 3,
  justification: '只请这家',
  invited_organization_ids: ['org-1'],
  bounty: 3000000,
  payer: '运城市科学技术局',
  criteria: DEFAULT_CRITERIA,
  eligible_kinds: ['university'],
  eligible_regions: [],
  verified_required: true,
  deadline: dayjs('2030-01-01T08:00:00Z'),
  duration_months: 18,
  publicity_days: 5,
  origin_demand_id: 'demand-1',
};

describe('criteria', () => {
  it('sums weights to the cent and says in Chinese what is wrong', () => {
    expect(weightTotal([{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }])).toBe(100);
    expect(criteriaProblem(DEFAULT_CRITERIA)).toBeNull();
    expect(criteriaProblem([{ name: '方案', weight: 60 }, { name: '团队', weight: 30 }])).toBe(
      '各项权重之和须为 100，当前为 90',
    );
    expect(criteriaProblem([{ name: '方案', weight: 50 }, { name: '方案 ', weight: 50 }])).toBe(
      '评审标准名称不能重复',
    );
    expect(criteriaProblem([])).toBe('请至少设置一项评审标准');
  });
});

describe('toChallengeBody', () => {
  it('sends only what the mode needs, amounts as decimal strings', () => {
    const body = toChallengeBody(values);
    expect(body.title).toBe('镁合金电池壳体攻关');
    expect(body.min_valid_bids).toBeNull();
    expect(body.justification).toBeNull();
    expect(body.invited_organization_ids).toEqual([]);
    expect(body.bounty).toBe('3000000');
    expect(body.criteria?.[0]).toEqual({ name: '技术方案先进性', weight: '40', max_score: '10' });
    expect(body.deadline).toBe('2030-01-01T08:00:00.000Z');
    expect(toChallengeBody({ ...values, mode: 'directed' }).invited_organization_ids).toEqual(['org-1']);
    expect(toChallengeBody({ ...values, mode: 'competitive' }).min_valid_bids).toBe(3);
  });
});

describe('changedFields', () => {
  const existing = {
    ...toChallengeBody(values),
    id: 'c-1',
    bounty: '3000000.00',
    criteria: DEFAULT_CRITERIA.map((c) => ({
      name: c.name,
      weight: `${c.weight}.00`,
      max_score: `${c.max_score}.00`,
    })),
    deadline: '2030-01-01T08:00:00+00:00',
    version: 3,
  } as unknown as Challenge;

  it('is empty when nothing changed, so bidders are not asked to re-confirm', () => {
    expect(changedFields(fromChallenge(existing), existing)).toEqual({});
  });

  it('names only the changed terms, never the origin demand', () => {
    const edited = { ...fromChallenge(existing), bounty: 3500000, origin_demand_id: 'other' };
    expect(changedFields(edited, existing)).toEqual({ bounty: '3500000' });
  });
});
