import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { REFRESH_KEY, session } from './session';

const ME = { id: 'u1', email: 'a@b.cn', display_name: '张三' };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const expired = { title: 'Unauthorized', status: 401, code: 'auth.invalid_token' };

/** A fake API: /users/me accepts only `Bearer fresh`; /auth/refresh rotates `r1` → `r2`. */
function stubApi(refreshStatus = 200) {
  const calls: { path: string; auth: string | null }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(request.url).pathname;
    calls.push({ path, auth: request.headers.get('Authorization') });
    if (path === '/api/v1/auth/refresh') {
      await new Promise((r) => setTimeout(r, 5));
      const body = (await request.json()) as { refresh_token: string };
      if (refreshStatus !== 200 || body.refresh_token !== 'r1') return json(expired, 401);
      return json({ access_token: 'fresh', refresh_token: 'r2', expires_in: 900 });
    }
    if (request.headers.get('Authorization') === 'Bearer fresh') return json(ME);
    return json(expired, 401);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

describe('auth middleware', () => {
  beforeEach(() => {
    session.store({ access_token: 'stale', token_type: 'bearer', refresh_token: 'r1', expires_in: 900 });
  });
  afterEach(() => session.clear());

  it('sends the bearer token, refreshes once on 401 and retries the request', async () => {
    const calls = stubApi();
    const { data, response } = await api.GET('/api/v1/users/me');
    expect(response.status).toBe(200);
    expect(data).toMatchObject(ME);
    expect(calls).toEqual([
      { path: '/api/v1/users/me', auth: 'Bearer stale' },
      { path: '/api/v1/auth/refresh', auth: null },
      { path: '/api/v1/users/me', auth: 'Bearer fresh' },
    ]);
    expect(session.accessToken()).toBe('fresh');
    expect(sessionStorage.getItem(REFRESH_KEY)).toBe('r2');
  });

  it('shares one refresh between concurrent requests (refresh tokens rotate)', async () => {
    const calls = stubApi();
    const results = await Promise.all([
      api.GET('/api/v1/users/me'),
      api.GET('/api/v1/users/me'),
      api.GET('/api/v1/users/me'),
    ]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(calls.filter((c) => c.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('retries a request body after refreshing', async () => {
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input as Request;
        const path = new URL(request.url).pathname;
        if (path === '/api/v1/auth/refresh') {
          return json({ access_token: 'fresh', refresh_token: 'r2', expires_in: 900 });
        }
        seen.push(await request.text());
        if (request.headers.get('Authorization') !== 'Bearer fresh') return json(expired, 401);
        return json({ id: 'd1' }, 201);
      }),
    );
    const body = {
      title: '标题',
      description: 'd',
      field: 'f',
      region: 'r',
      demand_type: 't',
      valid_until: '2030-01-01',
      budget_negotiable: false,
    };
    const { response } = await api.POST('/api/v1/demands', { body });
    expect(response.status).toBe(201);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1] ?? '')).toEqual(body);
  });

  it('signs out when the refresh token is refused, and returns the 401', async () => {
    const calls = stubApi(401);
    const { response, error } = await api.GET('/api/v1/users/me');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: 'auth.invalid_token' });
    expect(calls.filter((c) => c.path === '/api/v1/users/me')).toHaveLength(1);
    expect(session.isSignedIn()).toBe(false);
    expect(sessionStorage.getItem(REFRESH_KEY)).toBeNull();
  });

  it('after a reload (refresh token only) gets an access token before the first call', async () => {
    session.clear();
    sessionStorage.setItem(REFRESH_KEY, 'r1');
    const calls = stubApi();
    const { response } = await api.GET('/api/v1/users/me');
    expect(response.status).toBe(200);
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/users/me']);
  });

  it('never attaches the token to the sign-in request', async () => {
    const calls = stubApi();
    await api.POST('/api/v1/auth/token', {
      body: { username: 'a@b.cn', password: 'x', scope: '' },
      bodySerializer: (b) => new URLSearchParams(b as Record<string, string>),
    });
    expect(calls[0]).toEqual({ path: '/api/v1/auth/token', auth: null });
  });
});
