import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { api, ApiError, toApiError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { session } from './session';

export type Me = components['schemas']['Me'];

export const authKeys = {
  me: ['me'] as const,
};

export const meQuery = () =>
  queryOptions({
    queryKey: authKeys.me,
    queryFn: async () => unwrap(await api.GET('/api/v1/users/me')),
    staleTime: 60_000,
    retry: false,
  });

export function useSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, session.isSignedIn, () => false);
}

/** The signed-in user, or `undefined` for visitors. */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({ ...meQuery(), enabled: signedIn });
}

/** Thrown by `signIn` for 429, with the seconds to wait from `Retry-After`. */
export class TooManyAttemptsError extends Error {
  readonly retryAfter: number;

  constructor(retryAfter: number) {
    super('too many attempts');
    this.retryAfter = retryAfter;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const { data, error, response } = await api.POST('/api/v1/auth/token', {
    body: { username: email, password, scope: '' },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  });
  if (response.status === 429) {
    throw new TooManyAttemptsError(Number(response.headers.get('Retry-After') ?? '60') || 60);
  }
  if (!data) throw toApiError(response, error);
  session.store(data);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      if (session.isSignedIn()) await api.POST('/api/v1/auth/logout');
    } catch {
      // Signing out locally is what matters.
    }
    session.clear();
    queryClient.clear();
  }, [queryClient]);
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** Only same-site paths are followed after login. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/workspace';
}
