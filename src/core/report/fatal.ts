import { CancelledError } from '../common/errors.ts';
import { JobTimeoutError } from '../cma/errors.ts';
import type { CleanupResult } from '../result/result.ts';
import { ACTION_WORDING, type Wording } from '../settings/wording.ts';

/**
 * The error that ended a run, as the user should read it, with what is known of the run: jobs
 * already started, and deletion requests sent without an answer, may still take effect at
 * DatoCMS whatever stopped the run, so they are named.
 */
export function fatal(error: unknown, result: CleanupResult, wording: Wording = ACTION_WORDING): Error {
  const stopped = explained(error, result, wording);
  stopped.message = wording.words(stopped.message);
  if (result.unanswered.length > 0) {
    stopped.message += `; ${result.unanswered.length} deletion request(s) were sent without an answer and may still take effect: ${result.unanswered.slice(0, 3).join('; ')}${result.unanswered.length > 3 ? '; ...' : ''}`;
  }
  return stopped;
}

function explained(error: unknown, result: CleanupResult, wording: Wording): Error {
  const pending = result.pendingJobIds;
  if (error instanceof JobTimeoutError) {
    return new JobTimeoutError(error.timeoutMs, pending, result.selection === undefined);
  }
  if (error instanceof CancelledError) {
    const still = pending.length > 0 ? `; job(s) ${pending.join(', ')} were started and may still complete` : '';
    return new CancelledError(
      `${error.message} after ${result.successful} deletion(s) were confirmed${still}: ${wording.runAgain} to finish`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (pending.length === 0) return error instanceof Error ? error : new Error(message);
  return new Error(
    `${message} (job(s) ${pending.join(', ')} were started before this error and may still complete on DatoCMS: check them, or ${wording.runAgain} to see what is left)`,
  );
}
