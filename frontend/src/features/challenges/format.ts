import { challengeMessages } from '../../locales/challenges.zh-CN';
import { formatCny } from '../shared/format';
import type { Bid, BidCreate } from './queries';

const t = challengeMessages;

const pad = (n: number) => String(n).padStart(2, '0');

/** “3 天 04:05:06” until the deadline, or “已截止” once it passed (by the given clock). */
export function formatCountdown(deadline: string, now: number): string {
  const left = Math.floor((new Date(deadline).getTime() - now) / 1000);
  if (!(left > 0)) return t.countdown.ended;
  const days = Math.floor(left / 86400);
  const hours = Math.floor((left % 86400) / 3600);
  const hms = `${pad(hours)}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
  return days > 0 ? `${days} ${t.countdown.days} ${hms}` : hms;
}

/** 榜额: a bounty of 0 is 面议 (negotiable). */
export function formatBounty(bounty: string | number, negotiable: boolean): string {
  const amount = String(bounty);
  return formatCny(amount, amount, negotiable || Number(bounty) === 0);
}

/** A date-time in the viewer's zone, to the minute: “2026-11-26 14:05”. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface BidFormValues {
  leader_name: string;
  team: { name: string; title?: string; organization?: string; email?: string }[];
  approach: string;
  milestones: { title: string; month: number; deliverable?: string }[];
  price: number | null;
}

/** The names the form has, for problem+json field errors. */
export const BID_FIELDS = [['leader_name'], ['team'], ['approach'], ['milestones'], ['price']];

export function bidToValues(bid: Bid | undefined): Partial<BidFormValues> {
  if (!bid) return { team: [], milestones: [] };
  const c = bid.content;
  return {
    leader_name: c.leader_name,
    team: c.team.map((m) => ({
      name: m.name,
      title: m.title ?? undefined,
      organization: m.organization ?? undefined,
      email: m.email ?? undefined,
    })),
    approach: c.approach,
    milestones: c.milestones.map((m) => ({
      title: m.title,
      month: m.month,
      deliverable: m.deliverable ?? undefined,
    })),
    price: Number(c.price),
  };
}

const blank = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

export function valuesToBid(v: BidFormValues): BidCreate {
  return {
    leader_name: v.leader_name.trim(),
    team: (v.team ?? []).map((m) => ({
      name: m.name.trim(),
      title: blank(m.title),
      organization: blank(m.organization),
      email: blank(m.email),
    })),
    approach: v.approach.trim(),
    milestones: (v.milestones ?? []).map((m) => ({
      title: m.title.trim(),
      month: m.month,
      deliverable: blank(m.deliverable),
    })),
    price: String(v.price ?? ''),
  };
}


/** One CNY figure (a bid's price), never a range. */
export function formatPrice(value: string | number): string {
  const amount = String(value);
  return formatCny(amount, amount);
}
