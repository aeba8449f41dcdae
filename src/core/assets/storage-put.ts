import { createReadStream } from 'node:fs';
import { request, type Dispatcher } from 'undici';
import { withAssetRetries } from './asset-retry.ts';
import type { UploadRequest } from '../cma/cma-client.ts';
import type { Clock } from '../common/clock.ts';
import { describeCause } from '../common/errors.ts';

export interface StorageDeps {
  /** The storage's own connection pool: never the CMA's. */
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/** A storage upload that failed: the status or the cause, in words; `retry` when another PUT may pass. */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly retry: boolean;

  constructor(message: string, retry: boolean) {
    super(message);
    this.retry = retry;
  }
}

/**
 * PUTs the file at `path` (`size` bytes, streamed) to the storage URL of `slot` with exactly the
 * headers it names, and none of the CMA's: a PUT replaces, so it is sent again after a network
 * error or a 5xx, ASSET_ATTEMPTS (asset-retry.ts) attempts in all. Redirects are not followed.
 */
export async function putToStorage(slot: UploadRequest, path: string, size: number, deps: StorageDeps): Promise<void> {
  const once = async (): Promise<void> => {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(slot.url, {
        method: 'PUT',
        headers: { ...slot.headers, 'content-length': String(size) },
        body: createReadStream(path),
        signal: deps.signal,
        dispatcher: deps.dispatcher,
        maxRedirections: 0,
      });
    } catch (error) {
      throw new StorageError(`the file's PUT to the storage failed: ${describeCause(error)}`, true);
    }
    res.body.resume();
    if (res.statusCode >= 200 && res.statusCode < 300) return;
    const retry = res.statusCode >= 500 || res.statusCode === 429;
    throw new StorageError(`the storage answered ${res.statusCode} to the file's PUT`, retry);
  };
  await withAssetRetries(once, deps, (error) => (error instanceof Error ? error : new Error(String(error))));
}
