import type { Bucket, MonthCount, StatsOverview, TurnoverMonth } from './queries';
import { statsMessages } from '../../locales/stats.zh-CN';

const t = statsMessages.dashboard;

/** Ant Design's palette, so the charts match the rest of the page. */
export const PALETTE = ['#1677ff', '#52c41a', '#faad14', '#eb2f96', '#722ed1', '#13c2c2'];

/** A CNY amount in the units Chinese readers expect: 元, 万元 or 亿元. */
export function formatTurnover(value: string | number): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return '—';
  if (Math.abs(amount) >= 1e8) return `${trim(amount / 1e8)} 亿元`;
  if (Math.abs(amount) >= 1e4) return `${trim(amount / 1e4)} 万元`;
  return `${trim(amount)} 元`;
}

function trim(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** `2026-05` → `5月`, with the year on January and on the first month shown. */
export function monthLabel(month: string, index: number): string {
  const [year, number] = month.split('-');
  const m = Number(number);
  return index === 0 || m === 1 ? `${year}年${m}月` : `${m}月`;
}

/** The largest ``limit`` buckets, the rest summed as 其他 so a long tail stays readable. */
export function topBuckets(buckets: Bucket[], limit = 8): Bucket[] {
  const sorted = [...buckets].sort((a, b) => b.count - a.count);
  if (sorted.length <= limit) return sorted;
  const rest = sorted.slice(limit - 1).reduce((sum, b) => sum + b.count, 0);
  return [...sorted.slice(0, limit - 1), { key: '_other', label: '其他', count: rest }];
}

/** Horizontal bars, largest on top: labels stay readable on a phone. */
export function bucketBarOption(buckets: Bucket[]) {
  const shown = topBuckets(buckets).reverse();
  return {
    color: PALETTE,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((b) => b.label),
      axisLabel: { width: 96, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: shown.map((b) => b.count), barMaxWidth: 18 }],
  };
}

/** One line per collection over the same twelve months. */
export function monthlyOption(series: Record<string, MonthCount[]>) {
  const names = Object.keys(series);
  const months = series[names[0] ?? '']?.map((m) => m.month) ?? [];
  return {
    color: PALETTE,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: months.map(monthLabel), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: names.map((name) => ({
      name: t.collections[name] ?? name,
      type: 'line',
      data: series[name]?.map((m) => m.count) ?? [],
    })),
  };
}

export function statusPieOption(items: { label: string; count: number }[]) {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data: items.map((i) => ({ name: i.label, value: i.count })),
      },
    ],
  };
}

/** Turnover in 万元 as bars, the number of contracts as a line on its own axis. */
export function turnoverOption(months: TurnoverMonth[]) {
  return {
    color: PALETTE,
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: months.map((m, i) => monthLabel(m.month, i)) },
    yAxis: [
      { type: 'value', name: '万元', axisLabel: { formatter: '{value}' } },
      { type: 'value', name: '份', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: t.turnoverAmount,
        type: 'bar',
        barMaxWidth: 22,
        data: months.map((m) => Math.round(Number(m.amount) / 100) / 100),
      },
      {
        name: t.contractCount,
        type: 'line',
        yAxisIndex: 1,
        data: months.map((m) => m.contracts),
      },
    ],
  };
}

/** Nothing public yet: a fresh platform shows one empty state instead of empty charts. */
export function isEmptyOverview(overview: StatsOverview): boolean {
  const f = overview.figures;
  return f.demands + f.achievements + f.projects + f.connections === 0;
}
