import { CancelledError } from '../core/common/errors.ts';

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNAL_EXIT_CODES;

/** After the first Ctrl-C the run has this long to report what it knows; then the process exits. */
export const INTERRUPT_GRACE_MS = 1800;

/** How the command learns it is to stop, and with which exit code. */
export interface Interrupt {
  /** Aborted with a CancelledError naming the signal. */
  readonly signal: AbortSignal;
  /** The exit code of the signal that came, if one did. */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM. The first one aborts the signal: the run stops
 * submitting and polling, and reports what it knows; if it has not ended `graceMs` later, or
 * when a second signal comes, `exit` is called at once with the signal's code.
 */
export function listenForInterrupts(
  exit: (code: number) => void,
  onFirst: (signal: Signal) => void,
  graceMs: number = INTERRUPT_GRACE_MS,
): Interrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const onSignal = (name: Signal): void => {
    if (code !== undefined) {
      exit(code);
      return;
    }
    code = SIGNAL_EXIT_CODES[name];
    onFirst(name);
    controller.abort(new CancelledError(`Interrupted by ${name}`));
    setTimeout(() => exit(code ?? 1), graceMs).unref();
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt).on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => process.off('SIGINT', onInt).off('SIGTERM', onTerm),
  };
}
