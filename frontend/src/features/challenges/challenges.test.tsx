import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../app/errors';
import { Countdown } from './components/Countdown';
import { ReceiptCard } from './components/ReceiptCard';
import { formatBounty, formatCountdown, formatPrice, valuesToBid } from './format';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HASH = 'a'.repeat(62) + '3f';

describe('formatCountdown', () => {
  it('counts days, hours, minutes and seconds down to the deadline', () => {
    expect(formatCountdown('2026-11-29T16:05:09Z', NOW)).toBe('3 天 04:05:09');
    expect(formatCountdown('2026-11-26T12:00:59Z', NOW)).toBe('00:00:59');
  });

  it('says 已截止 at and after the deadline', () => {
    expect(formatCountdown('2026-11-26T12:00:00Z', NOW)).toBe('已截止');
    expect(formatCountdown('2026-11-20T00:00:00Z', NOW)).toBe('已截止');
  });
});

describe('Countdown', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks every second and ends as 已截止', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    render(<Countdown deadline="2026-11-26T12:00:02Z" />);
    expect(screen.getByRole('timer')).toHaveTextContent('距截止 00:00:02');
    act(() => void vi.advanceTimersByTime(1000));
    expect(screen.getByRole('timer')).toHaveTextContent('距截止 00:00:01');
    act(() => void vi.advanceTimersByTime(1000));
    expect(screen.getByRole('timer')).toHaveTextContent('已截止');
  });
});

describe('formatBounty', () => {
  it('shows 0 and negotiable bounties as 面议, others in CNY', () => {
    expect(formatBounty('0', false)).toBe('面议');
    expect(formatBounty('3000000', true)).toBe('面议');
    expect(formatBounty('3000000.00', false)).toBe('¥3,000,000.00');
  });

  it('shows a price as one figure, not as a lower bound', () => {
    expect(formatPrice('2800000')).toBe('¥2,800,000.00');
  });
});

describe('valuesToBid', () => {
  it('trims text, drops empty optional team fields and sends the price as a decimal string', () => {
    expect(
      valuesToBid({
        leader_name: ' 王教授 ',
        team: [{ name: '李工', title: ' ', email: 'li@example.cn' }],
        approach: '微弧氧化',
        milestones: [{ title: '小试', month: 6 }],
        price: 2800000,
      }),
    ).toEqual({
      leader_name: '王教授',
      team: [{ name: '李工', title: null, organization: null, email: 'li@example.cn' }],
      approach: '微弧氧化',
      milestones: [{ title: '小试', month: 6, deliverable: null }],
      price: '2800000',
    });
  });
});

describe('ReceiptCard', () => {
  it('shows the reference, the SHA-256, the time and how to verify it', () => {
    render(
      <ReceiptCard
        receipt={{
          bid_id: '00000000-0000-0000-0000-0000000000b1',
          sha256: HASH,
          submitted_at: '2026-11-26T04:05:00Z',
        }}
      />,
    );
    const card = screen.getByTestId('bid-receipt');
    expect(card).toHaveTextContent('00000000-0000-0000-0000-0000000000b1');
    expect(card).toHaveTextContent(HASH);
    const d = new Date('2026-11-26T04:05:00Z');
    expect(card).toHaveTextContent(
      `${d.getFullYear()}-11-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:05`,
    );
    expect(card).toHaveTextContent('sha256sum');
  });
});

describe('challenge errors', () => {
  it('says a bid after the deadline in Chinese', () => {
    const err = new ApiError({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'bid.deadline_passed',
      detail: 'the deadline passed',
    });
    expect(errorMessage(err)).toBe('已过截止时间，不能再提交或修改揭榜申请');
  });
});
