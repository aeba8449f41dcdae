import { CancelledError } from '../core/common/errors.ts';

/** How a run learns that it is to stop (SIGINT, SIGTERM: a cancelled workflow, Ctrl-C). */
export interface Cancellation {
  /** Aborted with a CancelledError naming the signal. */
  readonly signal: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

/** After a cancellation, the process exits this soon even if something still holds it. */
export const CANCEL_GRACE_MS = 1500;

/**
 * Listens for SIGINT and SIGTERM. The first one aborts the signal, so that the run stops
 * submitting and polling and reports what it knows; if the run has not ended `graceMs` later,
 * the process exits with code 1.
 */
export function listenForSignals(graceMs: number = CANCEL_GRACE_MS): Cancellation {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    controller.abort(new CancelledError(`Cancelled by ${name}`));
    setTimeout(() => process.exit(1), graceMs).unref();
  };
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose: () => process.off('SIGTERM', onSignal).off('SIGINT', onSignal),
  };
}
