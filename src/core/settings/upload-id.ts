import { shownValue } from '../common/shown-value.ts';

/**
 * The shape of an upload ID (../shared/datocms-cma.md): 22 characters of URL-safe base64, the
 * encoding of a UUID's 16 bytes (so the last character holds 2 bits: A, Q, g or w), or digits in
 * older projects. Anything else is refused before a request: a wrong file given as a list of
 * IDs (a `.env`, a key file) must not have its secrets sent to the API or written to the report.
 */
const BASE64_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

/** How upload IDs look, for messages. */
export const UPLOAD_ID_SHAPE =
  '22 characters of A-Z, a-z, 0-9, _ and -, such as q0VNpiNQSkG6z0lif_O1zg, or digits in older projects';

/** Whether `id` can be an upload ID (also checked on IDs the API and files hand back). */
export function isUploadId(id: string): boolean {
  return BASE64_ID.test(id) || NUMERIC_ID.test(id);
}

/** Why `text` is not an upload ID, in words that quote it safely; undefined when it is one. */
export function whyNotUploadId(text: string): string | undefined {
  if (isUploadId(text)) return undefined;
  if (/^[A-Za-z0-9_-]{22}$/.test(text)) {
    return `${shownValue(text)} is not an upload ID: 22 characters of URL-safe base64 encode 16 bytes, so the last is A, Q, g or w; check it was copied whole`;
  }
  return `${shownValue(text)} is not an upload ID (${UPLOAD_ID_SHAPE})`;
}
