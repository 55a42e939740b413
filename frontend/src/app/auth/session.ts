import type { Middleware } from 'openapi-fetch';
import type { components } from '../../api/schema';

type TokenPair = components['schemas']['TokenPair'];

/** sessionStorage key of the refresh token; the access token lives in memory only. */
export const REFRESH_KEY = 'techmarket.refresh_token';
const AUTH_PATHS = ['/api/v1/auth/token', '/api/v1/auth/refresh', '/api/v1/auth/register'];

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function notify() {
  for (const l of listeners) l();
}

export const session = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Signed in as far as the browser knows: a refresh token is kept for this tab. */
  isSignedIn(): boolean {
    return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
  },
  accessToken(): string | null {
    return accessToken;
  },
  store(pair: TokenPair) {
    accessToken = pair.access_token;
    sessionStorage.setItem(REFRESH_KEY, pair.refresh_token);
    notify();
  },
  clear() {
    const had = session.isSignedIn();
    accessToken = null;
    refreshing = null;
    sessionStorage.removeItem(REFRESH_KEY);
    if (had) notify();
  },
};

/**
 * Exchange the refresh token for a new pair. Concurrent callers share one request:
 * refresh tokens rotate and a reused one revokes the session.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (!token) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const response = await globalThis.fetch(
        new Request(new URL('/api/v1/auth/refresh', window.location.href), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refresh_token: token }),
        }),
      );
      if (!response.ok) {
        session.clear();
        return false;
      }
      session.store((await response.json()) as TokenPair);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

const pending = new WeakMap<Request, Request>();

function isAuthPath(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return AUTH_PATHS.includes(path);
}

/**
 * openapi-fetch middleware: attaches `Authorization: Bearer`, and on a 401 refreshes
 * the session once and retries the request with the new access token.
 */
export const authMiddleware: Middleware = {
  async onRequest({ request }) {
    if (isAuthPath(request)) return request;
    // After a reload only the refresh token is left: get an access token first.
    if (!accessToken && sessionStorage.getItem(REFRESH_KEY)) await refreshSession();
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    pending.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = pending.get(request);
    pending.delete(request);
    if (response.status !== 401 || !copy || isAuthPath(request)) return response;
    const sentWith = copy.headers.get('Authorization');
    // Another request may already have refreshed: then just retry with the new token.
    const fresh =
      accessToken && sentWith !== `Bearer ${accessToken}` ? true : await refreshSession();
    if (!fresh || !accessToken) {
      session.clear();
      return response;
    }
    copy.headers.set('Authorization', `Bearer ${accessToken}`);
    return globalThis.fetch(copy);
  },
};
