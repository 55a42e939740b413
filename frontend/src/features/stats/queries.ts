import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type StatsOverview = components['schemas']['StatsOverview'];
export type Bucket = components['schemas']['Bucket'];
export type MonthCount = components['schemas']['MonthCount'];
export type TurnoverMonth = components['schemas']['TurnoverMonth'];
export type LeagueRow = components['schemas']['LeagueRow'];
export type LeagueSort = components['schemas']['LeagueSort'];

export const statsKeys = {
  all: ['stats'] as const,
  overview: () => [...statsKeys.all, 'overview'] as const,
  league: (sort: LeagueSort) => [...statsKeys.all, 'league', sort] as const,
};

export const statsOverviewQuery = () =>
  queryOptions({
    queryKey: statsKeys.overview(),
    queryFn: async () => unwrap(await api.GET('/api/v1/stats/overview')),
    staleTime: 60_000,
  });

export const leagueQuery = (sort: LeagueSort) =>
  queryOptions({
    queryKey: statsKeys.league(sort),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/stats/league', { params: { query: { sort, limit: 50 } } })),
    staleTime: 60_000,
  });
