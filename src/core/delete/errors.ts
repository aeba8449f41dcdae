/**
 * Why deleting stops: the endpoint is gone, or a chunk was refused whole. Each message is one
 * line that says what went wrong and what to do; none holds a header or the token.
 */
import type { CmaApiError } from '../cma/errors.ts';

/** `delete-endpoint: batch-destroy` was asked for, and the API says that route does not exist. */
export class RouteGoneError extends Error {
  override name = 'RouteGoneError';

  constructor(answer: string) {
    super(
      `DELETE /uploads/batch-destroy answered ${answer}: this API no longer has that route, and delete-endpoint is batch-destroy: set delete-endpoint: auto (or bulk-destroy) to delete with POST /uploads/bulk/destroy`,
    );
  }
}

/** A chunk refused again after the uploads that explained its first refusal were taken out. */
export class ChunkRefusedError extends Error {
  override name = 'ChunkRefusedError';

  constructor(refusal: CmaApiError, ids: readonly string[], takenOut: string) {
    const shown = `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, ... (${ids.length} in all)` : ''}`;
    super(
      `${refusal.request} refused a chunk again (${refusal.answer}) after ${takenOut} were taken out of it: ${shown} were not deleted; check those uploads in DatoCMS, or leave them out and re-run`,
    );
  }
}
