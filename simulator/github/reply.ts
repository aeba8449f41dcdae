/** GitHub's JSON answers and error bodies (`{ message, documentation_url, status }`). */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { sendText } from '../common/http-parts.ts';
import type { RefusalStatus } from './types.ts';

export const DOCS = 'https://docs.github.com/rest';
export const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';
/** Seconds a rate-limited answer asks the client to wait (`retry-after`). */
export const RETRY_AFTER_SECONDS = 60;

/** `x-github-request-id`, as GitHub writes it (five hex groups). */
const requestId = (): string =>
  [2, 2, 3, 3, 4]
    .map((n) => randomBytes(n).toString('hex').toUpperCase())
    .join(':')
    .replace(/^0+/, '');

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  sendText(
    res,
    status,
    {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(),
      ...headers,
    },
    JSON.stringify(body),
  );
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  documentationUrl = DOCS,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { message, ...extra, documentation_url: documentationUrl, status: String(status) }, headers);
}

/** The headers of a rate-limited answer: nothing left, a reset a minute away, and `retry-after`. */
export function rateLimitHeaders(): Record<string, string> {
  return {
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '1000',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + RETRY_AFTER_SECONDS),
    'x-ratelimit-resource': 'core',
    'retry-after': String(RETRY_AFTER_SECONDS),
  };
}

/** 422 as GitHub answers a comment body over its limit. */
export function sendTooLong(res: ServerResponse, documentationUrl: string): void {
  const errors = [
    {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: 'body is too long (maximum is 65536 characters)',
    },
  ];
  sendError(res, 422, 'Validation Failed', documentationUrl, { errors });
}

/** What an injected refusal answers, as GitHub words each status. */
export function sendRefusal(res: ServerResponse, status: RefusalStatus, documentationUrl: string): void {
  switch (status) {
    case 401:
      return sendError(res, 401, 'Bad credentials', documentationUrl);
    case 403:
      return sendError(
        res,
        403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        RATE_LIMIT_DOCS,
        {},
        rateLimitHeaders(),
      );
    case 429:
      return sendError(res, 429, 'API rate limit exceeded for installation.', RATE_LIMIT_DOCS, {}, rateLimitHeaders());
    case 404:
      return sendError(res, 404, 'Not Found', documentationUrl);
    case 422:
      return sendError(res, 422, 'Validation Failed', documentationUrl, { errors: [] });
    case 500:
    case 502:
      return sendError(res, status, 'Server Error', documentationUrl);
  }
}
