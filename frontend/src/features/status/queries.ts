import { queryOptions } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { api, ApiUnreachableError, toApiError } from '../../api/client';

export type Readiness = components['schemas']['Readiness'];
export type ComponentState = components['schemas']['ComponentState'];

export const READINESS_POLL_MS = 10_000;

export const statusKeys = {
  all: ['status'] as const,
  readiness: () => [...statusKeys.all, 'readiness'] as const,
};

function isReadiness(value: unknown): value is Readiness {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.status === 'string' && typeof v.components === 'object' && v.components !== null
  );
}

/**
 * GET /api/v1/ready. The backend answers 200 when every component is ok and
 * 503 otherwise, with the same body: a 503 readiness body is data, not an error.
 * A network failure or a non-JSON answer means the API is unreachable.
 */
export async function fetchReadiness(): Promise<Readiness> {
  let result;
  try {
    result = await api.GET('/api/v1/ready');
  } catch (cause) {
    // fetch() rejected (network) or a 2xx body failed JSON.parse (e.g. an HTML page).
    throw new ApiUnreachableError('API unreachable', { cause });
  }
  const { data, error, response } = result;
  const body: unknown = data ?? error;
  if ((response.status === 200 || response.status === 503) && isReadiness(body)) {
    return body;
  }
  throw toApiError(response, body);
}

export const readinessQuery = () =>
  queryOptions({
    queryKey: statusKeys.readiness(),
    queryFn: fetchReadiness,
    refetchInterval: READINESS_POLL_MS,
    // Polling already retries every 10 s; show "unreachable" at once instead of after back-off.
    retry: false,
  });
