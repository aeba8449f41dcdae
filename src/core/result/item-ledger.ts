import { SKIP_REASONS, type FailureReason, type SkipReason } from '../select/failure-reason.ts';
import { IdIndex } from '../common/id-index.ts';

/**
 * What became of one selected item, in the report's vocabulary: `deleted`; `failed` (with a
 * reason); `unknown` (gone, but its job counted failures that cannot be named, so whether it
 * deleted this one is unknown); `pending` (its job had not finished, or it was never sent, when
 * the run ended); `selected` (a dry run); `skipped` (applying a plan: it changed since the plan,
 * with a reason, and was not deleted).
 */
export type Fate = 'deleted' | 'failed' | 'unknown' | 'pending' | 'selected' | 'skipped';

/** One selected item's fate, as the report shows it. */
export interface ItemState {
  fate: Fate;
  reason?: FailureReason | SkipReason | undefined;
  jobId?: string | undefined;
  /** `verify`: looked up after its job (true: confirmed gone, or found still there). */
  verified?: boolean | undefined;
}

const FATES: readonly Fate[] = ['pending', 'selected', 'deleted', 'failed', 'unknown', 'skipped'];
/** Every reason once (a skip and a failure may share one, `in use by records`), by its index. */
const REASONS: readonly (FailureReason | SkipReason | undefined)[] = [
  ...new Set<FailureReason | SkipReason | undefined>([
    undefined,
    'in use by records',
    'still exists after its job',
    'not found',
    'track not found',
    'refused',
    'tracks cannot be deleted in a sandbox',
    'backup failed',
    ...SKIP_REASONS,
  ]),
];
const NO_JOB = -1;
const UNVERIFIED = 0;
const VERIFIED = 1;

/**
 * Every selected item's fate, kept in typed arrays beside the selection's own ID list: a
 * 100,000-item run holds no object and no map entry per item (see IdIndex).
 */
export class ItemLedger {
  private readonly ids: readonly string[];
  private readonly index: IdIndex;
  private readonly fates: Uint8Array;
  private readonly reasons: Uint8Array;
  private readonly jobs: Int32Array;
  private readonly verified: Uint8Array;

  /** `ids` each once; every item starts with fate `initial`. */
  constructor(ids: readonly string[], initial: Fate) {
    this.ids = ids;
    this.index = new IdIndex(ids);
    this.fates = new Uint8Array(ids.length).fill(FATES.indexOf(initial));
    this.reasons = new Uint8Array(ids.length);
    this.jobs = new Int32Array(ids.length).fill(NO_JOB);
    this.verified = new Uint8Array(ids.length);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Sets what is given of the item `id`; an ID that was not selected is left alone. */
  set(id: string, state: { fate?: Fate; reason?: FailureReason | SkipReason; job?: number; verified?: boolean }): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    if (state.fate !== undefined) this.fates[i] = FATES.indexOf(state.fate);
    if (state.fate !== undefined || state.reason !== undefined) this.reasons[i] = REASONS.indexOf(state.reason);
    if (state.job !== undefined) this.jobs[i] = state.job;
    if (state.verified === true) this.verified[i] = VERIFIED;
  }

  /** The item's state, with `jobIds[index]` for its job; undefined when it was not selected. */
  get(id: string, jobIds: readonly string[]): ItemState | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.at(i, jobIds);
  }

  /** Every item in selection order, its state made on the fly. */
  *entries(jobIds: readonly string[]): Generator<[string, ItemState]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i] ?? '', this.at(i, jobIds)];
  }

  /** How many items have each fate. */
  countFates(): Record<Fate, number> {
    const counts: Record<Fate, number> = { pending: 0, selected: 0, deleted: 0, failed: 0, unknown: 0, skipped: 0 };
    for (const fate of this.fates) counts[FATES[fate] ?? 'pending']++;
    return counts;
  }

  private at(i: number, jobIds: readonly string[]): ItemState {
    const job = this.jobs[i] ?? NO_JOB;
    return {
      fate: FATES[this.fates[i] ?? 0] ?? 'pending',
      reason: REASONS[this.reasons[i] ?? 0],
      jobId: job === NO_JOB ? undefined : jobIds[job],
      verified: this.verified[i] === UNVERIFIED ? undefined : true,
    };
  }
}
