import { createReadStream } from 'node:fs';
import { request, type Dispatcher } from 'undici';
import type { UploadRequest } from './cma-client.ts';
import type { Clock } from './clock.ts';
import { describeCause } from './errors.ts';

export interface StorageDeps {
  /** The storage's own connection pool: never the CMA's. */
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/** A storage upload that failed: the status or the cause, in words. */
export class StorageError extends Error {
  override name = 'StorageError';
}

const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [1_000, 3_000];

/**
 * PUTs the file at `path` (`size` bytes, streamed) to the storage URL of `slot` with exactly the
 * headers it names, and none of the CMA's: a PUT replaces, so it is sent again after a network
 * error or a 5xx, {@link ATTEMPTS} attempts in all. Redirects are not followed.
 */
export async function putToStorage(slot: UploadRequest, path: string, size: number, deps: StorageDeps): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let failure: StorageError;
    let retry: boolean;
    try {
      const res = await request(slot.url, {
        method: 'PUT',
        headers: { ...slot.headers, 'content-length': String(size) },
        body: createReadStream(path),
        signal: deps.signal,
        dispatcher: deps.dispatcher,
        maxRedirections: 0,
      });
      res.body.resume();
      if (res.statusCode >= 200 && res.statusCode < 300) return;
      failure = new StorageError(`the storage answered ${res.statusCode} to the file's PUT`);
      retry = res.statusCode >= 500 || res.statusCode === 429;
    } catch (error) {
      if (deps.signal.aborted) throw deps.signal.reason;
      failure = new StorageError(`the file's PUT to the storage failed: ${describeCause(error)}`);
      retry = true;
    }
    const delay = RETRY_DELAYS_MS[attempt - 1];
    if (!retry || attempt >= ATTEMPTS || delay === undefined) throw failure;
    await deps.clock.sleep(delay, deps.signal);
  }
}
