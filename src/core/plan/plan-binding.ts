import { InputError } from '../common/errors.ts';
import type { SealedHeader, SealedItem } from '../report/sealed.ts';
import type { PlanSeal, PlanSealer } from './plan-seal.ts';

/**
 * What holds a plan to what was reviewed: its seal (only the holder of the API token can write
 * one; items can be taken out, none added or changed), its SHA-256 (`plan-sha256`: the file is
 * the one reviewed, byte for byte), or both.
 */
export type PlanBinding = 'seal' | 'sha256' | 'seal+sha256';

/** How a plan was bound, and how many of its sealed items were taken out of it since. */
export interface Bound {
  readonly binding: PlanBinding;
  readonly removed: number;
  /** What the user should know, e.g. a plan sealed with another token, bound by its SHA-256 alone. */
  readonly warnings: readonly string[];
}

/** What binding reads of a plan: its header, its seal and its items as the file holds them. */
export interface SealedReport extends SealedHeader {
  readonly seal?: PlanSeal | null | undefined;
  readonly items: readonly (
    | {
        readonly kind: 'upload';
        readonly id: string;
        readonly fate: string;
        readonly seal?: string | undefined;
        readonly listed: { readonly md5: string | null; readonly size: number | null } | null;
      }
    | {
        readonly kind: 'track';
        readonly id: string;
        readonly uploadId: string;
        readonly trackId: string;
        readonly name: string | null;
        readonly fate: string;
        readonly seal?: string | undefined;
      }
  )[];
}

/**
 * Checks the plan's seal with this run's token; refuses, before any request, a plan whose header
 * or any item does not hold, and a plan that has no seal of this token unless `pinned`
 * (`plan-sha256` was given and matched: the file is exactly the one reviewed).
 */
export function bindPlan(named: string, report: SealedReport, pinned: boolean, sealer: PlanSealer): Bound {
  const seal = report.seal ?? null;
  const pin = 'pin it with plan-sha256 (the report-sha256 of the dry run that wrote it)';
  if (seal === null) {
    if (pinned) return { binding: 'sha256', removed: 0, warnings: [] };
    throw new InputError(
      `${named} has no seal, so nothing shows it is the plan its dry run wrote (a plan of an older version, or its seal was taken out): ${pin}, or make a new plan`,
    );
  }
  if (seal.keyId !== sealer.keyId) {
    if (pinned) {
      const warning = "the plan was sealed with another API token than this run's: it is bound by plan-sha256 alone";
      return { binding: 'sha256', removed: 0, warnings: [warning] };
    }
    throw new InputError(
      `${named} was sealed with another API token than this run's: apply it with the token of the dry run that made it, or ${pin}`,
    );
  }
  if (!sealer.holdsHeader(seal, report)) {
    throw new InputError(
      `${named} has a seal that does not hold for its environment, scope, criteria or dates: they were edited after its dry run; make a new plan`,
    );
  }
  const present = { upload: 0, track: 0 };
  for (const item of report.items) {
    if (!sealer.holdsItem(seal, sealedItemOf(item), item.seal)) {
      throw new InputError(
        `${named} holds the ${item.kind} ${JSON.stringify(item.id.slice(0, 80))}, which its dry run did not seal as it is: an item was added or changed after the plan was made; make a new plan (taking an item out is allowed)`,
      );
    }
    present[item.kind]++;
  }
  if (present.upload > seal.uploads || present.track > seal.tracks) {
    throw new InputError(`${named} holds more items than its dry run sealed: it was edited; make a new plan`);
  }
  const removed = seal.uploads - present.upload + (seal.tracks - present.track);
  return { binding: pinned ? 'seal+sha256' : 'seal', removed, warnings: [] };
}

/** What the seal covers of an item, from a report's item (as written, or read back). */
export function sealedItemOf(item: SealedReport['items'][number]): SealedItem {
  if (item.kind === 'upload') return { kind: 'upload', id: item.id, fate: item.fate, listed: item.listed };
  const { id, uploadId, trackId, name, fate } = item;
  return { kind: 'track', id, uploadId, trackId, name, fate };
}

/** How the plan was bound, and what was taken out of it, in words for the log and the summaries. */
export function describeBinding(plan: { readonly binding: PlanBinding; readonly removed: number }): string {
  const bound = {
    seal: 'bound by its seal',
    sha256: 'bound by its SHA-256 (plan-sha256)',
    'seal+sha256': 'bound by its seal and its SHA-256 (plan-sha256)',
  }[plan.binding];
  return plan.removed === 0
    ? bound
    : `${bound}; ${plan.removed} item(s) taken out of it since it was made, and not deleted`;
}
