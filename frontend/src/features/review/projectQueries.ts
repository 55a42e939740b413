import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { ProjectAction } from '../projects/queries';

export type ReviewRound = components['schemas']['ReviewRoundRead'];
export type SuggestedExpert = components['schemas']['SuggestedExpert'];

export const roundKeys = {
  all: ['review-rounds'] as const,
  ofProject: (projectId: string) => [...roundKeys.all, 'project', projectId] as const,
  suggested: (roundId: string) => [...roundKeys.all, 'suggested', roundId] as const,
};

/** The project's latest expert review round, with its assignments and aggregate (staff). */
export const projectRoundQuery = (projectId: string) =>
  queryOptions({
    queryKey: roundKeys.ofProject(projectId),
    queryFn: async () => {
      const rounds = unwrap(
        await api.GET('/api/v1/reviews/rounds', {
          params: { query: { subject_type: 'project', subject_id: projectId } },
        }),
      );
      return rounds[0] ?? null;
    },
  });

/** Experts of the project's field, by shared keywords, without conflicts or those assigned. */
export const suggestedExpertsQuery = (roundId: string) =>
  queryOptions({
    queryKey: roundKeys.suggested(roundId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/reviews/rounds/{round_id}/suggested-experts', {
          params: { path: { round_id: roundId } },
        }),
      ),
  });

export async function assignExperts(roundId: string, expertIds: string[]): Promise<ReviewRound> {
  return unwrap(
    await api.POST('/api/v1/reviews/rounds/{round_id}/assignments', {
      params: { path: { round_id: roundId } },
      body: { expert_ids: expertIds },
    }),
  );
}

export async function unassignExpert(roundId: string, assignmentId: string): Promise<ReviewRound> {
  return unwrap(
    await api.DELETE('/api/v1/reviews/rounds/{round_id}/assignments/{assignment_id}', {
      params: { path: { round_id: roundId, assignment_id: assignmentId } },
    }),
  );
}

/** What the bureau may do in each status of a project (the workflow's staff transitions). */
export const STAFF_ACTIONS: Record<string, ProjectAction[]> = {
  submitted: ['start_formal_check'],
  formal_check: ['pass_formal_check', 'fail_formal_check'],
  expert_review: ['approve', 'reject'],
  approved: ['terminate'],
  in_progress: ['begin_midterm', 'begin_acceptance', 'terminate'],
  midterm: ['pass_midterm', 'terminate'],
  acceptance: ['complete', 'terminate'],
};
