import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../app/errors';
import { Countdown } from './components/Countdown';
import { ReceiptCard } from './components/ReceiptCard';
import { ScoreForm } from './components/ScoreForm';
import { formatBounty, formatCountdown, formatPrice, scoreError, valuesToBid } from './format';
import type { MyAssignment } from './queries';

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

describe('scoreError', () => {
  it('requires a score within 0 and the maximum', () => {
    expect(scoreError(undefined, 10)).toBe('请为每项标准打分');
    expect(scoreError(-1, 10)).toBe('请输入 0 到 10 之间的分数');
    expect(scoreError(10.5, 10)).toBe('请输入 0 到 10 之间的分数');
    expect(scoreError(0, 10)).toBeNull();
    expect(scoreError(10, 10)).toBeNull();
  });
});

const assignment: MyAssignment = {
  id: 'as-1',
  round_id: 'r-1',
  subject_type: 'bid',
  subject_id: 'bid-1',
  subject_title: '揭榜申请 · 镁合金防腐',
  status: 'accepted',
  round_closed: false,
  criteria: [
    { id: 'c-1', position: 0, name: '技术方案先进性', weight: '60', max_score: '10' },
    { id: 'c-2', position: 1, name: '团队能力', weight: '40', max_score: '5' },
  ],
  comment: null,
  scores: [],
  assigned_at: '2026-11-26T04:05:00Z',
  submitted_at: null,
};

describe('ScoreForm', () => {
  it('refuses a score above the criterion’s maximum before sending anything', async () => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <ScoreForm assignment={assignment} />
        </App>
      </QueryClientProvider>,
    );
    expect(screen.getByText('0 – 10 分')).toBeInTheDocument();
    expect(screen.getByText('0 – 5 分')).toBeInTheDocument();
    const inputs = screen.getAllByRole('spinbutton');
    fireEvent.change(inputs[0]!, { target: { value: '8' } });
    fireEvent.change(inputs[1]!, { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: /提交评分/ }));
    await waitFor(() => expect(screen.getByText('请输入 0 到 5 之间的分数')).toBeInTheDocument());
    expect(screen.queryByText('请输入 0 到 10 之间的分数')).not.toBeInTheDocument();
    expect(globalThis.fetch).not.toHaveBeenCalled();
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
