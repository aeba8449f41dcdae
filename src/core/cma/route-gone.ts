/**
 * Whether an answer to `DELETE /uploads/batch-destroy` says that the route does not exist.
 *
 * The route left the API's published schema; a server without it may answer a bare 404
 * `NOT_FOUND`, a 405, or take the path for `DELETE /uploads/:id` and call the ID
 * `batch-destroy` unknown or invalid. An answer about something else must never switch the
 * endpoint: auth, rate and server errors, an error code about the environment or the request
 * (`INVALID_ENVIRONMENT`, `INSUFFICIENT_PERMISSIONS`..., in any of the errors of the body), or
 * details naming the environment or the uploads sent.
 */
export function saysRouteGone(
  answer: {
    readonly status: number;
    readonly code: string | undefined;
    readonly codes: readonly string[];
    readonly details: unknown;
  },
  ids: readonly string[],
): boolean {
  const { status, code } = answer;
  if (status < 400 || status >= 500 || [401, 403, 429].includes(status)) return false;
  if (answer.codes.some((each) => !ROUTE_GONE_CODES.has(each))) return false;
  const details = detailsText(answer.details);
  if (details.includes('"batch-destroy"')) return true;
  if (details.includes('environment') || ids.some((id) => details.includes(`"${id}"`))) return false;
  if (code === undefined || code === 'NOT_FOUND') return [404, 405, 410].includes(status);
  return false;
}

/**
 * The error codes a missing route can come with: none (a bare 404 or 405), `NOT_FOUND`, or a
 * code saying the ID (`batch-destroy`) is not a valid ID, which then only counts when the
 * details name `batch-destroy`.
 */
const ROUTE_GONE_CODES = new Set(['NOT_FOUND', 'INVALID_ENTITY_ID', 'INVALID_ID', 'INVALID_FIELD', 'INVALID_FORMAT']);

function detailsText(details: unknown): string {
  try {
    return JSON.stringify(details) ?? '';
  } catch {
    return '';
  }
}
