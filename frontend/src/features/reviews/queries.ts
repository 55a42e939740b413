import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

/** An expert's assignment to review one subject: a project or a challenge's bid. */
export type MyAssignment = components['schemas']['MyAssignmentRead'];
export type ScoreValues = Record<string, number | null | undefined>;

export const reviewKeys = {
  all: ['reviews'] as const,
  mine: () => [...reviewKeys.all, 'mine'] as const,
};

export const myReviewsQuery = () =>
  queryOptions({
    queryKey: reviewKeys.mine(),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/reviews/assignments/mine', { params: { query: { limit: 100 } } }),
      ),
  });

export async function saveReview(assignmentId: string, scores: ScoreValues, comment?: string) {
  return unwrap(
    await api.PUT('/api/v1/reviews/assignments/{assignment_id}', {
      params: { path: { assignment_id: assignmentId } },
      body: {
        scores: Object.entries(scores)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([criterion_id, score]) => ({ criterion_id, score: String(score) })),
        comment: comment || null,
      },
    }),
  );
}

export async function actOnAssignment(
  assignmentId: string,
  action: 'accept' | 'submit' | 'decline',
  reason?: string,
) {
  const params = { params: { path: { assignment_id: assignmentId } } };
  if (action === 'accept') {
    return unwrap(await api.POST('/api/v1/reviews/assignments/{assignment_id}/accept', params));
  }
  if (action === 'submit') {
    return unwrap(await api.POST('/api/v1/reviews/assignments/{assignment_id}/submit', params));
  }
  return unwrap(
    await api.POST('/api/v1/reviews/assignments/{assignment_id}/decline', {
      ...params,
      body: { reason: reason ?? '' },
    }),
  );
}
