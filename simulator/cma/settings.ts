import { numberedSeeds, PRIMARY } from '../common/store.ts';
import { uploadId } from './ids.ts';
import type {
  BatchDestroyGone,
  CmaOptions,
  ListingBehaviour,
  RandomFaultOptions,
  RateLimitOptions,
} from './options.ts';
import type { SeedUpload } from '../common/types.ts';
import type { InUseFilter } from './options.ts';

/** The options with their defaults applied. */
export interface Settings {
  readonly token: string;
  readonly forbiddenTokens: ReadonlySet<string>;
  /** `'primary'` first, then the sandboxes. */
  readonly environments: readonly string[];
  /** The primary's real ID, e.g. `'main'`. */
  readonly primaryId: string;
  /** Internal names (`'primary'` for the primary) of the environments in read-only mode. */
  readonly readOnly: ReadonlySet<string>;
  readonly environmentLookup: 'all' | 'refused' | 'sandboxes-only';
  readonly sandboxTracks: 'refuse' | 'refuse-in-job' | 'allow';
  readonly seeds: readonly SeedUpload[];
  readonly jobLatencyMs: number;
  readonly rateLimit: RateLimitOptions | false;
  readonly maxIdsPerRequest: number;
  /** `'present'`, or how its absence is answered. */
  readonly batchDestroy: 'present' | BatchDestroyGone;
  readonly inUseUploads: 'count-failed' | 'refuse-request' | 'delete';
  readonly inUseFilter: InUseFilter;
  readonly unknownIds: 'count-failed' | 'reject-request' | 'not-found';
  readonly unknownFilters: 'refuse' | 'ignore';
  readonly ignoredFilterFields: ReadonlySet<string>;
  readonly listing: ListingBehaviour;
  readonly undeletable: ReadonlySet<string>;
  readonly randomFaults: RandomFaultOptions | undefined;
  readonly port: number;
  /** Whether uploads list their real md5 (`md5: 'real'`) or `null`. */
  readonly md5: boolean;
}

function sandboxes(names: string[], primaryId: string): string[] {
  for (const name of names) {
    if (name === PRIMARY || name === primaryId) {
      throw new Error(`"${name}" names the primary environment, not a sandbox`);
    }
  }
  return names;
}

function readOnly(names: string[], primaryId: string, sandboxNames: readonly string[]): Set<string> {
  return new Set(
    names.map((name) => {
      if (name === primaryId) return PRIMARY;
      if (!sandboxNames.includes(name))
        throw new Error(`readOnlyEnvironments names "${name}", which is no environment`);
      return name;
    }),
  );
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

function md5(value: CmaOptions['md5']): boolean {
  if (value !== undefined && value !== 'real' && value !== 'none') {
    throw new Error(`md5 must be 'real' or 'none', got ${JSON.stringify(value)}`);
  }
  return value !== 'none';
}

export function resolveSettings(options: CmaOptions = {}): Settings {
  const uploads = options.uploads ?? 0;
  if (typeof uploads === 'number') count('uploads', uploads, 0);
  const primaryId = options.primaryEnvironment ?? 'main';
  const sandboxNames = sandboxes(options.environments ?? [], primaryId);
  return {
    token: options.token ?? 'sim-token',
    forbiddenTokens: new Set(options.forbiddenTokens ?? []),
    environments: [PRIMARY, ...sandboxNames],
    primaryId,
    readOnly: readOnly(options.readOnlyEnvironments ?? [], primaryId, sandboxNames),
    environmentLookup: options.environmentLookup ?? 'all',
    sandboxTracks: options.sandboxTracks ?? 'refuse',
    seeds: typeof uploads === 'number' ? numberedSeeds(uploads, uploadId) : uploads,
    jobLatencyMs: count('jobLatencyMs', options.jobLatencyMs ?? 50, 0),
    rateLimit: rateLimit(options.rateLimit),
    maxIdsPerRequest: count('maxIdsPerRequest', options.maxIdsPerRequest ?? 200, 1),
    batchDestroy: batchDestroy(options.batchDestroy),
    inUseUploads: options.inUseUploads ?? 'count-failed',
    inUseFilter: options.inUseFilter ?? 'any-version',
    unknownIds: options.unknownIds ?? 'count-failed',
    unknownFilters: options.unknownFilters ?? 'refuse',
    ignoredFilterFields: new Set(options.ignoredFilterFields ?? []),
    listing: options.listing ?? 'honest',
    undeletable: new Set(options.undeletable ?? []),
    randomFaults: options.randomFaults,
    port: options.port ?? 0,
    md5: md5(options.md5),
  };
}
