import { describe, expect, it } from 'vitest';
import {
  bucketBarOption,
  formatTurnover,
  monthLabel,
  topBuckets,
  turnoverOption,
} from './chartOptions';

describe('formatTurnover', () => {
  it('uses 元, 万元 and 亿元 as a Chinese reader expects', () => {
    expect(formatTurnover('8500')).toBe('8,500 元');
    expect(formatTurnover('1500000.50')).toBe('150 万元');
    expect(formatTurnover(123_456_789)).toBe('1.23 亿元');
    expect(formatTurnover('not a number')).toBe('—');
  });
});

describe('monthLabel', () => {
  it('names the year on the first month shown and on January only', () => {
    expect(monthLabel('2025-12', 0)).toBe('2025年12月');
    expect(monthLabel('2026-01', 1)).toBe('2026年1月');
    expect(monthLabel('2026-02', 2)).toBe('2月');
  });
});

describe('topBuckets', () => {
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    key: `f${i}`,
    label: `领域${i}`,
    count: i + 1,
  }));

  it('keeps the largest and sums the tail as 其他', () => {
    const top = topBuckets(buckets, 4);
    expect(top.map((b) => b.label)).toEqual(['领域9', '领域8', '领域7', '其他']);
    expect(top[3]?.count).toBe(1 + 2 + 3 + 4 + 5 + 6 + 7);
  });

  it('leaves short lists whole, largest first', () => {
    expect(topBuckets(buckets.slice(0, 3)).map((b) => b.count)).toEqual([3, 2, 1]);
  });
});

describe('chart options', () => {
  it('draws the largest bucket on top of a horizontal bar chart', () => {
    const option = bucketBarOption([
      { key: 'a', label: '半导体', count: 2 },
      { key: 'b', label: '新能源', count: 9 },
    ]);
    expect(option.yAxis.data).toEqual(['半导体', '新能源']);
    expect(option.series[0]?.data).toEqual([2, 9]);
  });

  it('shows turnover in 万元 next to the number of contracts', () => {
    const option = turnoverOption([
      { month: '2026-04', contracts: 2, amount: '1234500' },
      { month: '2026-05', contracts: 0, amount: '0' },
    ]);
    expect(option.series[0]?.data).toEqual([123.45, 0]);
    expect(option.series[1]?.data).toEqual([2, 0]);
    expect(option.xAxis.data).toEqual(['2026年4月', '5月']);
  });
});
