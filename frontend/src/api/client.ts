import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { authMiddleware } from '../app/auth/session';

/**
 * Same-origin client: every path in the schema already starts with `/api/v1`,
 * so an empty base URL sends requests to wherever the SPA is served from
 * (Vite proxies `/api` in development).
 */
export const api = createClient<paths>({
  baseUrl: '',
  // Look fetch up per call rather than once at import, so wrappers installed later
  // (instrumentation, unit-test stubs) are honoured.
  fetch: (request) => globalThis.fetch(request),
});
api.use(authMiddleware);

/** RFC 9457 problem details as rendered by the backend's single error handler. */
export type ProblemDetails = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

export function isProblemDetails(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number' && typeof v.code === 'string';
}

/** An answer from the API that carries a problem+json body. */
export class ApiError extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string | null;
  readonly code: string;
  /** Failing inputs of a 422, empty otherwise. */
  readonly fields: FieldError[];
  readonly requestId: string | null;

  constructor(problem: ProblemDetails) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail ?? null;
    this.code = problem.code;
    this.fields = problem.fields ?? [];
    this.requestId = problem.request_id ?? null;
  }
}

/**
 * The API could not be reached or did not answer like the API: a network
 * failure, a proxy error page, or a body that is not the expected JSON.
 */
export class ApiUnreachableError extends Error {
  readonly status: number | null;

  constructor(message: string, options?: { status?: number | null; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'ApiUnreachableError';
    this.status = options?.status ?? null;
  }
}

/** Turns an unexpected answer into an `ApiError` (problem+json) or `ApiUnreachableError`. */
export function toApiError(response: Response, body: unknown): ApiError | ApiUnreachableError {
  if (isProblemDetails(body)) return new ApiError(body);
  return new ApiUnreachableError(`Unexpected answer: HTTP ${response.status}`, {
    status: response.status,
  });
}

/** Unwraps an openapi-fetch result: the data, or throws the problem as an error. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw toApiError(result.response, result.error);
}
