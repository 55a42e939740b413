import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Challenge = components['schemas']['ChallengeRead'];
export type ChallengeCreate = components['schemas']['ChallengeCreate'];
export type ChallengeUpdate = components['schemas']['ChallengeUpdate'];
export type BoardEntry = components['schemas']['BoardEntry'];
export type ChallengeStatus = components['schemas']['ChallengeStatus'];
export type ChallengeAction = components['schemas']['ChallengeAction'];
export type Bid = components['schemas']['BidRead'];
export type BidCreate = components['schemas']['BidCreate'];
export type BidAction = components['schemas']['BidAction'];
export type Receipt = components['schemas']['BidReceipt'];
export type Ranking = components['schemas']['Ranking'];
export type Objection = components['schemas']['ObjectionRead'];
export type Milestone = components['schemas']['MilestoneRead'];
export type MyBid = components['schemas']['MyBid'];

export const BOARD_PAGE_SIZE = 20;

export const challengeKeys = {
  all: ['challenges'] as const,
  board: (status?: ChallengeStatus) => [...challengeKeys.all, 'board', status ?? 'all'] as const,
  list: (status: ChallengeStatus) => [...challengeKeys.all, 'list', status] as const,
  detail: (id: string) => [...challengeKeys.all, 'detail', id] as const,
  bids: (id: string) => [...challengeKeys.all, 'bids', id] as const,
  receipts: (id: string) => [...challengeKeys.all, 'receipts', id] as const,
  ranking: (id: string) => [...challengeKeys.all, 'ranking', id] as const,
  objections: (id: string) => [...challengeKeys.all, 'objections', id] as const,
  milestones: (id: string) => [...challengeKeys.all, 'milestones', id] as const,
  suggested: (roundId: string) => [...challengeKeys.all, 'suggested', roundId] as const,
  myBids: () => [...challengeKeys.all, 'myBids'] as const,
  issued: (organizationId: string) => [...challengeKeys.all, 'issued', organizationId] as const,
  organizations: (staff: boolean) => [...challengeKeys.all, 'organizations', staff] as const,
};

export const boardQuery = (status?: ChallengeStatus) =>
  infiniteQueryOptions({
    queryKey: challengeKeys.board(status),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/challenges/board', {
          params: { query: { limit: BOARD_PAGE_SIZE, status, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** Challenges awaiting something from staff, e.g. `pending_review` for the review desk. */
export const challengeListQuery = (status: ChallengeStatus) =>
  infiniteQueryOptions({
    queryKey: challengeKeys.list(status),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/challenges', {
          params: { query: { limit: BOARD_PAGE_SIZE, status, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** 我的揭榜: the organisation's bids across challenges, newest first, in one request a page. */
export const myBidsQuery = () =>
  infiniteQueryOptions({
    queryKey: challengeKeys.myBids(),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/challenges/bids/mine', {
          params: { query: { limit: BOARD_PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** The challenges an organisation issued, its drafts included (the issuer sees those). */
export const issuedChallengesQuery = (organizationId: string) =>
  infiniteQueryOptions({
    queryKey: challengeKeys.issued(organizationId),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/challenges', {
          params: {
            query: { limit: BOARD_PAGE_SIZE, organization_id: organizationId, cursor: pageParam },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/**
 * Organisations to invite to a directed challenge (定向委托): staff pick among every verified
 * organisation; an issuer among those the league lists (there is no public directory).
 */
export const organizationOptionsQuery = (staff: boolean) =>
  queryOptions({
    queryKey: challengeKeys.organizations(staff),
    queryFn: async () => {
      if (staff) {
        const page = unwrap(
          await api.GET('/api/v1/admin/organizations', {
            params: { query: { status: 'verified', limit: 100 } },
          }),
        );
        return page.items.map((o) => ({ value: o.id, label: o.name }));
      }
      const league = unwrap(await api.GET('/api/v1/stats/league', { params: { query: { limit: 100 } } }));
      return league.items.map((o) => ({ value: o.organization_id, label: o.organization_name }));
    },
    staleTime: 60_000,
  });

export async function createChallenge(body: ChallengeCreate) {
  return unwrap(await api.POST('/api/v1/challenges', { body }));
}

/** PATCH with `If-Match`; only the changed fields (see `changedFields`). */
export async function updateChallenge(id: string, version: number, body: ChallengeUpdate) {
  return unwrap(
    await api.PATCH('/api/v1/challenges/{challenge_id}', {
      params: { path: { challenge_id: id }, header: { 'If-Match': String(version) } },
      body,
    }),
  );
}

export const challengeQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.detail(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

/** The bids the caller may read: its organisation's; after the deadline all (staff). */
export const bidsQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.bids(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}/bids', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

export const receiptsQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.receipts(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}/receipts', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

export const rankingQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.ranking(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}/ranking', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

export const objectionsQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.objections(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}/objections', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

export const milestonesQuery = (id: string) =>
  queryOptions({
    queryKey: challengeKeys.milestones(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/challenges/{challenge_id}/milestones', {
          params: { path: { challenge_id: id } },
        }),
      ),
  });

export const suggestedExpertsQuery = (roundId: string) =>
  queryOptions({
    queryKey: challengeKeys.suggested(roundId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/reviews/rounds/{round_id}/suggested-experts', {
          params: { path: { round_id: roundId }, query: { limit: 20 } },
        }),
      ),
  });

export async function actOnChallenge(id: string, action: ChallengeAction, reason?: string) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/{action}', {
      params: { path: { challenge_id: id, action } },
      body: reason ? { reason } : {},
    }),
  );
}

export async function createBid(challengeId: string, body: BidCreate) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/bids', {
      params: { path: { challenge_id: challengeId } },
      body,
    }),
  );
}

export async function updateBid(challengeId: string, bid: Bid, body: BidCreate) {
  return unwrap(
    await api.PATCH('/api/v1/challenges/{challenge_id}/bids/{bid_id}', {
      params: {
        path: { challenge_id: challengeId, bid_id: bid.id },
        header: { 'If-Match': String(bid.version) },
      },
      body,
    }),
  );
}

export async function actOnBid(challengeId: string, bidId: string, action: BidAction, reason?: string) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/bids/{bid_id}/{action}', {
      params: { path: { challenge_id: challengeId, bid_id: bidId, action } },
      body: reason ? { reason } : {},
    }),
  );
}

export async function assignPanel(challengeId: string, expertIds: string[]) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/panel', {
      params: { path: { challenge_id: challengeId } },
      body: { expert_ids: expertIds },
    }),
  );
}

export async function fileObjection(challengeId: string, reason: string) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/objections', {
      params: { path: { challenge_id: challengeId } },
      body: { reason },
    }),
  );
}

export async function resolveObjection(
  challengeId: string,
  objectionId: string,
  outcome: 'upheld' | 'dismissed',
  resolution: string,
) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/objections/{objection_id}/resolve', {
      params: { path: { challenge_id: challengeId, objection_id: objectionId } },
      body: { outcome, resolution },
    }),
  );
}

export async function reviewMilestone(
  challengeId: string,
  milestoneId: string,
  action: 'accept' | 'return',
  reason?: string,
) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/milestones/{milestone_id}/{action}', {
      params: { path: { challenge_id: challengeId, milestone_id: milestoneId, action } },
      body: reason ? { reason } : {},
    }),
  );
}

export async function reportMilestone(challengeId: string, title: string, report: string) {
  return unwrap(
    await api.POST('/api/v1/challenges/{challenge_id}/milestones', {
      params: { path: { challenge_id: challengeId } },
      body: { title, report },
    }),
  );
}
