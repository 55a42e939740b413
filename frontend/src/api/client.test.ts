import { describe, expect, it } from 'vitest';
import { ApiError, ApiUnreachableError, isProblemDetails, toApiError } from './client';

describe('ApiError', () => {
  it('is built from an RFC 9457 problem+json body', () => {
    const body = {
      type: 'https://techmarket.example/problems/validation',
      title: '请求参数无效',
      status: 422,
      detail: 'title is required',
      code: 'validation_error',
      fields: [{ field: 'body.title', message: '必填', type: 'missing' }],
      request_id: 'req-1',
    };
    expect(isProblemDetails(body)).toBe(true);
    const err = toApiError(new Response(null, { status: 422 }), body);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'validation_error', detail: 'title is required' });
    expect((err as ApiError).fields).toEqual([
      { field: 'body.title', message: '必填', type: 'missing' },
    ]);
    expect((err as ApiError).requestId).toBe('req-1');
  });

  it('falls back to ApiUnreachableError for bodies that are not problems', () => {
    const err = toApiError(new Response(null, { status: 502 }), 'Bad Gateway');
    expect(err).toBeInstanceOf(ApiUnreachableError);
    expect(err.status).toBe(502);
  });
});
