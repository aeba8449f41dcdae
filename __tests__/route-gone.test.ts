import { describe, expect, it } from 'vitest';
import { saysRouteGone } from '../src/core/cma/route-gone.ts';

const chunk = ['q0VNpiNQSkG6z0lif_O1zg', '42'];
const answer = (status: number, code?: string, details?: unknown, codes = code === undefined ? [] : [code]) => ({
  status,
  code,
  details,
  codes,
});

describe('saysRouteGone', () => {
  it.each([
    ['a bare 404', answer(404)],
    ['404 NOT_FOUND', answer(404, 'NOT_FOUND', {})],
    ['404 NOT_FOUND naming the ID batch-destroy', answer(404, 'NOT_FOUND', { upload_id: 'batch-destroy' })],
    ['422 INVALID_ENTITY_ID naming batch-destroy', answer(422, 'INVALID_ENTITY_ID', { id: 'batch-destroy' })],
    ['400 INVALID_ID naming batch-destroy', answer(400, 'INVALID_ID', { value: 'batch-destroy' })],
    ['405 with no body', answer(405)],
    ['410', answer(410)],
    [
      '422 INVALID_FIELD naming batch-destroy as the id',
      answer(422, 'INVALID_FIELD', { field: 'id', value: 'batch-destroy' }),
    ],
  ])('recognises %s', (_name, given) => {
    expect(saysRouteGone(given, chunk)).toBe(true);
  });

  it.each([
    ['404 INVALID_ENVIRONMENT', answer(404, 'INVALID_ENVIRONMENT', { environment: 'stagin-2026' })],
    ['422 INVALID_ENVIRONMENT', answer(422, 'INVALID_ENVIRONMENT')],
    ['404 NOT_FOUND about the environment', answer(404, 'NOT_FOUND', { environment: 'sandbox' })],
    ['404 NOT_FOUND then INVALID_ENVIRONMENT', answer(404, 'NOT_FOUND', {}, ['NOT_FOUND', 'INVALID_ENVIRONMENT'])],
    ['404 NOT_FOUND naming an upload of the chunk', answer(404, 'NOT_FOUND', { ids: ['42'] })],
    ['401', answer(401, 'INVALID_AUTHORIZATION_HEADER')],
    ['403', answer(403, 'INSUFFICIENT_PERMISSIONS')],
    ['429', answer(429, 'RATE_LIMIT_EXCEEDED')],
    ['a 503 page', answer(503)],
    ['422 INVALID_PARAMS', answer(422, 'INVALID_PARAMS', { param: 'ids' })],
    ['422 UPLOAD_IS_CURRENTLY_IN_USE', answer(422, 'UPLOAD_IS_CURRENTLY_IN_USE')],
    ['422 INVALID_ENTITY_ID not naming batch-destroy', answer(422, 'INVALID_ENTITY_ID', { id: '42' })],
    ['a bare 422', answer(422)],
    ['a 400 with any other code naming batch-destroy', answer(400, 'INVALID_PARAMS', { route: 'batch-destroy' })],
  ])('does not take %s for a missing route', (_name, given) => {
    expect(saysRouteGone(given, chunk)).toBe(false);
  });
});
