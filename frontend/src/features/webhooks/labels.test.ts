import { describe, expect, it } from 'vitest';
import { eventTypeLabel, eventTypeOptions, lastResult } from './labels';
import type { Delivery } from './queries';

describe('eventTypeLabel', () => {
  it('names the entity and the status in Chinese', () => {
    expect(eventTypeLabel('demand.published')).toBe('技术需求 · 已发布');
    expect(eventTypeLabel('achievement.transferred')).toBe('科技成果 · 已转化');
    expect(eventTypeLabel('project.approved')).toBe('创新项目 · 已立项');
    expect(eventTypeLabel('connection.contracted')).toBe('对接 · 已签约');
  });

  it('keeps what it does not know as sent', () => {
    expect(eventTypeLabel('challenge.awarded')).toBe('challenge · awarded');
  });
});

describe('eventTypeOptions', () => {
  it('groups the event types by entity, the collections first', () => {
    const groups = eventTypeOptions([
      { type: 'challenge.awarded', entity_type: 'challenge', status: 'awarded' },
      { type: 'connection.contracted', entity_type: 'connection', status: 'contracted' },
      { type: 'demand.pending_review', entity_type: 'demand', status: 'pending_review' },
      { type: 'demand.published', entity_type: 'demand', status: 'published' },
    ]);
    expect(groups.map((g) => g.label)).toEqual(['技术需求', '对接', 'challenge']);
    expect(groups[0]?.options).toEqual([
      { value: 'demand.pending_review', label: '技术需求 · 待审核' },
      { value: 'demand.published', label: '技术需求 · 已发布' },
    ]);
  });
});

describe('lastResult', () => {
  const delivery = (over: Partial<Delivery>) => ({ last_error: null, last_response_code: null, ...over }) as Delivery;

  it('prefers the error, then the response code', () => {
    expect(lastResult(delivery({ last_error: 'timed out after 5 s' }))).toBe('timed out after 5 s');
    expect(lastResult(delivery({ last_response_code: 204 }))).toBe('HTTP 204');
    expect(lastResult(delivery({}))).toBe('—');
  });
});
