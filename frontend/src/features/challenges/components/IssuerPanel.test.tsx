import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { Challenge } from '../queries';
import { IssuerPanel } from './IssuerPanel';

const challenge = (status: Challenge['status']) => ({ id: 'c-1', status }) as Challenge;

function show(status: Challenge['status'], staff = false) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <App>
          <IssuerPanel challenge={challenge(status)} staff={staff} />
        </App>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const button = (name: string) => screen.queryByRole('button', { name });

describe('IssuerPanel', () => {
  it('lets the issuer edit and submit a draft', () => {
    show('draft');
    expect(button('修改榜单')).toBeInTheDocument();
    expect(button('提交审核')).toBeInTheDocument();
  });

  it('changes the terms of a published challenge, warning that bidders re-confirm', () => {
    show('published');
    expect(button('变更榜单条款')).toBeInTheDocument();
    expect(button('提交审核')).not.toBeInTheDocument();
  });

  it('gives the final acceptance and the milestones during the work', () => {
    show('in_progress');
    expect(button('验收通过')).toBeInTheDocument();
    expect(button('验收不通过')).toBeInTheDocument();
    expect(screen.getByText('攻关里程碑')).toBeInTheDocument();
  });

  it('leaves the work to the staff desk when staff issued the challenge', () => {
    show('in_progress', true);
    expect(screen.queryByTestId('issuer-panel')).not.toBeInTheDocument();
  });

  it('has nothing to offer while experts review', () => {
    show('reviewing');
    expect(screen.queryByTestId('issuer-panel')).not.toBeInTheDocument();
  });
});
