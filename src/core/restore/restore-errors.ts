/** The restore's errors: which stop it, why one upload failed, and how the restore's end is said. */
import { CancelledError, InputError, describeCause } from '../common/errors.ts';
import { CmaApiError, JobTimeoutError } from '../cma/errors.ts';
import { IdMapWriteError } from './id-map-save.ts';
import { ID_MAP_NAME } from './id-map.ts';
import type { RestoreResult } from './restore-result.ts';

/** Errors about the whole run (who, where, when), not about one upload: they stop the restore. */
export function isFatal(error: unknown): boolean {
  if (error instanceof JobTimeoutError || error instanceof CancelledError || error instanceof InputError) return true;
  if (error instanceof IdMapWriteError) return true;
  if (!(error instanceof CmaApiError)) return false;
  return (
    error.status === 401 ||
    error.status === 403 ||
    error.codes.some((code) =>
      [
        'INVALID_ENVIRONMENT',
        'ENVIRONMENT_IN_READ_ONLY_MODE',
        'INSUFFICIENT_PERMISSIONS',
        'INVALID_AUTHORIZATION_HEADER',
        'MAINTENANCE_MODE',
      ].includes(code),
    )
  );
}

/** Why a creation failed, in a restore's words: the request and its answer, or the cause. */
export function reasonOf(error: unknown): string {
  if (error instanceof CmaApiError) return `${error.request} answered ${error.answer}`;
  return describeCause(error);
}

/** The restore's end in its own words: what was created, and what the next run will do. */
export function explained(error: unknown, result: RestoreResult): unknown {
  const restored = result.count('restored');
  const waiting = [...result.idMap.pending.keys()].filter((id) => result.items.has(id)).length;
  const next =
    waiting > 0
      ? `; ${waiting} creation job(s) were accepted and not seen finished: ${ID_MAP_NAME} records them, and the next restore asks them instead of creating those uploads again`
      : '';
  if (error instanceof JobTimeoutError) {
    return new Error(
      `job-timeout (${error.timeoutMs / 1000} s) ran out after ${restored} upload(s) were restored${next}: run the restore again to finish (raise job-timeout for a large backup: about 0.15 s per upload)`,
    );
  }
  if (error instanceof IdMapWriteError) return error;
  if (error instanceof CmaApiError && error.status === 403 && !error.codes.includes('INVALID_ENVIRONMENT')) {
    return new Error(
      `${error.request} answered ${error.answer}: the API token's role may not create uploads here${restored > 0 ? ` (after ${restored} upload(s) were restored)` : ''}${next}: give the role permission to create uploads in this environment, or use another token`,
    );
  }
  if (error instanceof CancelledError) {
    return new CancelledError(
      `${error.message} after ${restored} upload(s) were restored${next}: run the restore again to finish`,
    );
  }
  return error;
}
