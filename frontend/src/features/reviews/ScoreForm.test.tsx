import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { describe, expect, it } from 'vitest';
import { scoreError } from './format';
import type { MyAssignment } from './queries';
import { ScoreForm } from './ScoreForm';

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
