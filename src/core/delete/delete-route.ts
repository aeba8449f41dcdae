import type { NonEmpty } from '../common/chunk.ts';
import type { CmaClient, RouteGone, Submission } from '../cma/cma-client.ts';
import { CmaApiError } from '../cma/errors.ts';
import { RouteGoneError } from './errors.ts';
import type { DeleteEndpoint } from '../settings/settings.ts';

/**
 * Which endpoint deletes a chunk of uploads. `batch-destroy` (the seeds' endpoint) first, unless
 * `delete-endpoint` says otherwise. Until its first request is answered, the other chunks wait:
 * a route that is gone then costs one request, and the switch to bulk destroy happens once.
 * Once the route has answered as one that exists, no later answer may switch.
 */
export class DeleteRoute {
  private state: 'unknown' | 'exists' | 'gone';
  private firstAnswer: Promise<void> | undefined;
  private readonly client: Pick<CmaClient, 'batchDestroyUploads' | 'bulkDestroyUploads'>;
  private readonly endpoint: DeleteEndpoint;
  private readonly onSwitch: (answer: string) => void;

  /** `onSwitch` is told, once, what made the switch to bulk destroy. */
  constructor(
    client: Pick<CmaClient, 'batchDestroyUploads' | 'bulkDestroyUploads'>,
    endpoint: DeleteEndpoint,
    onSwitch: (answer: string) => void,
  ) {
    this.client = client;
    this.endpoint = endpoint;
    this.onSwitch = onSwitch;
    this.state = endpoint === 'bulk-destroy' ? 'gone' : 'unknown';
  }

  async submit(ids: NonEmpty<string>): Promise<Submission> {
    if (this.firstAnswer !== undefined) await this.firstAnswer;
    if (this.state === 'gone') return this.client.bulkDestroyUploads(ids);
    const sending = this.client.batchDestroyUploads(ids, this.state === 'exists');
    this.firstAnswer ??= sending.then(
      () => undefined,
      () => undefined,
    );
    let sub: Submission | RouteGone;
    try {
      sub = await sending;
    } catch (error) {
      if (error instanceof CmaApiError) this.state = 'exists'; // an answer about the uploads
      throw error;
    }
    if (!('routeGone' in sub)) {
      this.state = 'exists';
      return sub;
    }
    if (this.endpoint === 'batch-destroy') throw new RouteGoneError(sub.answer);
    this.switchToBulk(sub.answer);
    const bulk = await this.client.bulkDestroyUploads(ids);
    // An earlier attempt of the batch-destroy may have deleted some before the route answered gone.
    return sub.retried ? { ...bulk, retried: true } : bulk;
  }

  /** Once: chunks that probed together (after a first answer that told nothing) switch one time. */
  private switchToBulk(answer: string): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    this.onSwitch(answer);
  }
}
