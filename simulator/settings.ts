import { numberedSeeds } from './store.ts';
import { uploadId } from './ids.ts';
import type {
  BatchDestroyGone,
  ListingBehaviour,
  RandomFaultOptions,
  RateLimitOptions,
  SeedUpload,
  SimulatorOptions,
} from './types.ts';

/** The options with their defaults applied. */
export interface Settings {
  readonly token: string;
  readonly forbiddenTokens: ReadonlySet<string>;
  /** `'primary'` first, then the sandboxes. */
  readonly environments: readonly string[];
  readonly seeds: readonly SeedUpload[];
  readonly jobLatencyMs: number;
  readonly rateLimit: RateLimitOptions | false;
  readonly maxIdsPerRequest: number;
  /** `'present'`, or how its absence is answered. */
  readonly batchDestroy: 'present' | BatchDestroyGone;
  readonly inUseUploads: 'count-failed' | 'refuse-request' | 'delete';
  readonly unknownIds: 'count-failed' | 'reject-request' | 'not-found';
  readonly unknownFilters: 'refuse' | 'ignore';
  readonly listing: ListingBehaviour;
  readonly undeletable: ReadonlySet<string>;
  readonly randomFaults: RandomFaultOptions | undefined;
  readonly port: number;
}

export const PRIMARY = 'primary';

function sandboxes(names: string[]): string[] {
  for (const name of names) {
    if (name === PRIMARY) throw new Error(`"${PRIMARY}" names the primary environment, not a sandbox`);
  }
  return names;
}

function count(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number of at least ${min}, got ${value}`);
  }
  return value;
}

function rateLimit(value: RateLimitOptions | false | undefined): RateLimitOptions | false {
  if (value === false) return false;
  // https://www.datocms.com/docs/content-management-api/technical-limits: 60 requests every 3 seconds.
  const limit = value ?? { limit: 60, windowMs: 3000, mode: 'fixed' };
  count('rateLimit.limit', limit.limit, 1);
  count('rateLimit.windowMs', limit.windowMs, 1);
  return limit;
}

function batchDestroy(value: boolean | BatchDestroyGone | undefined): 'present' | BatchDestroyGone {
  if (value === undefined || value === true) return 'present';
  return value === false ? 'as-upload-id' : value;
}

export function resolveSettings(options: SimulatorOptions = {}): Settings {
  const uploads = options.uploads ?? 0;
  if (typeof uploads === 'number') count('uploads', uploads, 0);
  return {
    token: options.token ?? 'sim-token',
    forbiddenTokens: new Set(options.forbiddenTokens ?? []),
    environments: [PRIMARY, ...sandboxes(options.environments ?? [])],
    seeds: typeof uploads === 'number' ? numberedSeeds(uploads, uploadId) : uploads,
    jobLatencyMs: count('jobLatencyMs', options.jobLatencyMs ?? 50, 0),
    rateLimit: rateLimit(options.rateLimit),
    maxIdsPerRequest: count('maxIdsPerRequest', options.maxIdsPerRequest ?? 200, 1),
    batchDestroy: batchDestroy(options.batchDestroy),
    inUseUploads: options.inUseUploads ?? 'count-failed',
    unknownIds: options.unknownIds ?? 'count-failed',
    unknownFilters: options.unknownFilters ?? 'refuse',
    listing: options.listing ?? 'honest',
    undeletable: new Set(options.undeletable ?? []),
    randomFaults: options.randomFaults,
    port: options.port ?? 0,
  };
}
