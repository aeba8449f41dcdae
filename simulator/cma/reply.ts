import { randomId } from './ids.ts';

/** What a handler answers; the server adds the rate limit headers. */
export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const JSON_HEADERS = {
  'content-type': 'application/json',
  // As in the documented answers: https://www.datocms.com/docs/content-management-api
  'cache-control': 'max-age=0, private, must-revalidate',
};

export function json(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), headers: { ...JSON_HEADERS } };
}

/** An `api_error` object, as found in error bodies and in failed job payloads. */
export function apiErrorObject(code: string, details: Record<string, unknown> = {}, transient = false) {
  const attributes = transient ? { code, transient: true, details } : { code, details };
  return { id: randomId(), type: 'api_error', attributes };
}

/** Error answer; `transient: true` marks the errors the API says are worth retrying. */
export function apiError(status: number, code: string, details: Record<string, unknown> = {}): Reply {
  const transient = status === 429 || code === 'SERVICE_UNAVAILABLE';
  return json(status, { data: [apiErrorObject(code, details, transient)] });
}

export function notFound(details: Record<string, unknown> = {}): Reply {
  return apiError(404, 'NOT_FOUND', details);
}

export function invalidParams(details: Refusal): Reply {
  return apiError(422, 'INVALID_PARAMS', details);
}

/** A refused field of a JSON:API body: 422 `INVALID_FIELD` with `details.field`, `code` and `message`. */
export function invalidField(details: { field: string; code: string; message: string }): Reply {
  return apiError(422, 'INVALID_FIELD', { ...details });
}

/** Why a request's parameters were refused; becomes a 422 INVALID_PARAMS. */
export interface Refusal {
  param: string;
  reason: string;
  [detail: string]: unknown;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'reason' in value;
}
