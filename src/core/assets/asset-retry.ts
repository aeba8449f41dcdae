import type { Clock } from '../common/clock.ts';

/** Attempts at the asset host or the storage, the first included, and the waits between them. */
export const ASSET_ATTEMPTS = 3;
const RETRY_DELAYS_MS = [1_000, 3_000];

/** A failure that says whether another attempt may pass (a reset, a 5xx, a truncated body). */
export interface Retryable {
  readonly retry: boolean;
}

/**
 * Runs `once` until it succeeds, {@link ASSET_ATTEMPTS} attempts in all, waiting between them;
 * only a failure whose `retry` is true is tried again. The last failure goes through `giveUp`
 * with the number of attempts made; the signal's reason is thrown when the run stops.
 */
export async function withAssetRetries<T>(
  once: () => Promise<T>,
  deps: { readonly clock: Clock; readonly signal: AbortSignal },
  giveUp: (error: unknown, attempts: number) => Error,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      if (deps.signal.aborted) throw deps.signal.reason;
      const delay = RETRY_DELAYS_MS[attempt - 1];
      if (
        (error as Partial<Retryable> | undefined)?.retry !== true ||
        attempt >= ASSET_ATTEMPTS ||
        delay === undefined
      ) {
        throw giveUp(error, attempt);
      }
      await deps.clock.sleep(delay, deps.signal);
    }
  }
}
