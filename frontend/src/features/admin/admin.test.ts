import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import { importPercent, toAuditFilters } from './filters';
import { setRoles, type AdminUser } from './queries';
import { synonymRows, toVocabulary } from './vocabulary';

describe('toVocabulary', () => {
  it('drops blank terms, merges repeated ones and never lists a term as its own synonym', () => {
    const rows = [
      { key: 0, term: ' 新能源车 ', equivalents: ['新能源汽车', '电动车', '新能源车'] },
      { key: 1, term: '', equivalents: ['孤儿'] },
      { key: 2, term: '新能源车', equivalents: ['电动车', 'EV'] },
      { key: 3, term: '空的', equivalents: [] },
    ];
    expect(toVocabulary(rows, ['揭榜挂帅', ' 揭榜挂帅', ''], ['的'])).toEqual({
      synonyms: { 新能源车: ['新能源汽车', '电动车', 'EV'] },
      dictionary: ['揭榜挂帅'],
      stop_words: ['的'],
    });
  });

  it('round-trips the rows it was given', () => {
    const vocabulary = { synonyms: { 光伏: ['太阳能'] }, dictionary: [], stop_words: [] };
    expect(toVocabulary(synonymRows(vocabulary), [], [])).toEqual(vocabulary);
  });
});

describe('toAuditFilters', () => {
  it('leaves blanks out and makes the period whole days', () => {
    const filters = toAuditFilters({
      action: ' demand.approve ',
      entity_type: '',
      period: [dayjs('2026-03-01T15:00:00'), dayjs('2026-03-02T09:00:00')],
    });
    expect(filters.action).toBe('demand.approve');
    expect(filters.entity_type).toBeUndefined();
    expect(new Date(filters.since!).getTime()).toBe(dayjs('2026-03-01').startOf('day').valueOf());
    expect(new Date(filters.until!).getTime()).toBe(dayjs('2026-03-02').endOf('day').valueOf());
  });
});

describe('importPercent', () => {
  it('follows processed rows and is full once done', () => {
    expect(importPercent({ status: 'queued', total: null, processed: 0 })).toBe(0);
    expect(importPercent({ status: 'running', total: 8, processed: 3 })).toBe(38);
    expect(importPercent({ status: 'partial', total: 8, processed: 8 })).toBe(100);
    expect(importPercent({ status: 'failed', total: 8, processed: 2 })).toBe(25);
  });
});

describe('setRoles', () => {
  it('grants what is added and revokes what is removed, nothing else', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        calls.push(`${request.method} ${new URL(request.url).pathname}`);
        return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const user = { id: 'u1', roles: ['expert', 'broker'] } as AdminUser;
    await setRoles(user, ['expert', 'reviewer']);
    expect(calls).toEqual([
      'POST /api/v1/admin/users/u1/roles',
      'DELETE /api/v1/admin/users/u1/roles/broker',
    ]);
  });
});
