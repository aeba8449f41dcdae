import type { ServerResponse } from 'node:http';
import { sendText } from '../common/http-parts.ts';
import type { AssetFault } from './types.ts';

const S3_MESSAGES: Record<number, [string, string]> = {
  400: ['InvalidArgument', 'Invalid Argument'],
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  405: ['MethodNotAllowed', 'The specified method is not allowed against this resource.'],
  411: ['MissingContentLength', 'You must provide the Content-Length HTTP header.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

/** An error as S3 (and the CDN in front of it) answers one: XML, a code and a message. */
export function sendS3Error(res: ServerResponse, status: number, code?: string, message?: string): void {
  const [knownCode, knownMessage] = S3_MESSAGES[status] ?? ['Error', 'Error'];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code ?? knownCode}</Code><Message>${message ?? knownMessage}</Message></Error>`;
  sendText(res, status, { 'content-type': 'application/xml' }, body);
}

/**
 * Where a `redirect` fault points: the same path and query on the asset host over https (following
 * it works) or over plain http (nothing answers there: a client must refuse it), or the URL given.
 */
export function redirectTarget(fault: AssetFault, origin: string, pathAndQuery: string): string {
  const to = fault.to ?? 'https';
  if (to === 'https') return `${origin}${pathAndQuery}`;
  if (to === 'http') return `${origin.replace(/^https:/, 'http:')}${pathAndQuery}`;
  return to;
}
