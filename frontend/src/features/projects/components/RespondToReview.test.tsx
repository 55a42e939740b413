import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../../app/providers';
import type { MyAssignment } from '../../reviews/queries';
import { RespondToReview } from './RespondToReview';

const assignment: MyAssignment = {
  id: 'as-1',
  round_id: 'r-1',
  subject_type: 'project',
  subject_id: 'p-1',
  subject_title: '镁合金电池壳体轻量化研发',
  status: 'assigned',
  round_closed: false,
  criteria: [],
  comment: null,
  scores: [],
  assigned_at: '2026-11-26T08:00:00Z',
  submitted_at: null,
};

describe('RespondToReview', () => {
  it('declines with the reason and declares the conflict when ticked', async () => {
    const posted: { path: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        const text = await input.text();
        posted.push({ path: new URL(input.url).pathname, body: text ? JSON.parse(text) : null });
        return new Response(JSON.stringify({ ...assignment, status: 'declined' }), {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const router = createMemoryRouter([{ path: '/', element: <RespondToReview assignment={assignment} /> }]);
    render(
      <AppProviders queryClient={new QueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    fireEvent.click(screen.getByRole('button', { name: '拒绝评审' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(dialog.querySelector('textarea') as HTMLTextAreaElement, {
      target: { value: '曾在申报单位兼职' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: /存在利益冲突/ }));
    fireEvent.click(screen.getAllByRole('button', { name: '拒绝评审' }).at(-1) as HTMLElement);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      path: '/api/v1/reviews/assignments/as-1/decline',
      body: { reason: '曾在申报单位兼职', conflict_of_interest: true },
    });
  }, 20_000);
});
