import { chunk, nonEmpty } from '../common/chunk.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient, type TrackInfo } from '../cma/cma-client.ts';
import { conditionValue } from '../criteria/criteria.ts';
import type { TargetEnvironment } from '../cma/environment.ts';
import type { SkipReason } from '../select/failure-reason.ts';
import { keepProven } from '../select/listing-checks.ts';
import type { Plan, PlannedUpload } from './plan-types.ts';
import { listGivenIds, proveInUseApplied, type Selection, type SkippedItem } from '../select/selection.ts';
import type { UploadInfo } from '../cma/upload-listing.ts';
import type { Wording } from '../settings/wording.ts';

/** The plan was made for another environment than the one this run targets: nothing is deleted. */
export class PlanEnvironmentError extends Error {
  override name = 'PlanEnvironmentError';
}

/** What stands for the primary environment among the names of an environment. */
const PRIMARY = '(primary)';

/**
 * Holds the run to the plan's environment: by real ID when both lookups confirmed theirs. When
 * one could not (a token whose role may not read environments), each side is known by what it
 * named or was confirmed as (an ID, or the primary), and the two must share a name; the returned
 * warning says that they were not compared by real ID.
 */
export function checkPlanEnvironment(
  plan: Pick<Plan, 'environment' | 'file'>,
  target: TargetEnvironment,
  requested: string | undefined,
  wording: Wording,
): string | undefined {
  const planned = plan.environment;
  const targetConfirmed = target.unconfirmed === undefined;
  const plannedNames = namesOf(planned.confirmed, planned.id, planned.primary, planned.requested);
  const targetNames = namesOf(targetConfirmed, target.id ?? null, target.primary ?? null, requested ?? null);
  const same =
    planned.confirmed && targetConfirmed
      ? planned.id === (target.id ?? null)
      : [...plannedNames].some((name) => targetNames.has(name));
  if (!same) {
    const fix =
      planned.primary === true || (!planned.confirmed && planned.requested === null)
        ? "leave environment empty (the plan's is the primary environment)"
        : `set ${wording.setting('environment', (planned.confirmed ? planned.id : planned.requested) ?? '')}`;
    const how = planned.confirmed && targetConfirmed ? '' : ' (environments could not be compared by real ID)';
    throw new PlanEnvironmentError(
      `the plan was made for ${describe(planned.confirmed, planned.id, planned.primary, planned.requested)}, but this run targets ${describe(targetConfirmed, target.id ?? null, target.primary ?? null, requested ?? null)}${how}: nothing was deleted; ${fix}, or make a new plan for this environment`,
    );
  }
  if (planned.confirmed && targetConfirmed) {
    if (planned.primary === (target.primary ?? null)) return undefined;
    const role = (primary: boolean | null | undefined) => (primary === true ? 'the primary' : 'a sandbox');
    return `environment ${planned.id ?? ''} was ${role(planned.primary)} when the plan was made and is ${role(target.primary)} now: the plan is applied there, where it was made, by its real ID`;
  }
  return `the plan's environment and this run's could not be compared by real ID (an API token may not read environments); both name ${describe(targetConfirmed, target.id ?? null, target.primary ?? null, requested ?? null)}`;
}

/** An environment's names: what was asked for (or the primary), and what the lookup confirmed. */
function namesOf(
  confirmed: boolean,
  id: string | null,
  primary: boolean | null,
  requested: string | null,
): Set<string> {
  const names = new Set([requested ?? PRIMARY]);
  if (confirmed && id !== null) names.add(id);
  if (confirmed && primary === true) names.add(PRIMARY);
  return names;
}

function describe(confirmed: boolean, id: string | null, primary: boolean | null, requested: string | null): string {
  const name = confirmed ? id : requested;
  if (name === null) return 'the primary environment';
  return `environment ${name}${confirmed && primary === true ? ' (primary)' : ''}`;
}

/**
 * Applying a plan: its uploads are listed again by ID with the plan's own criteria (200 per
 * request), so that only those that still qualify come back; of those, one whose `md5` or
 * `size` is not what the plan saw was replaced. The rest are told apart (gone, now in use, no
 * longer matching) only when some are missing. Planned tracks are looked up on their upload.
 * Sends only GET requests. What it returns is never more than the plan: every item is the
 * plan's, selected or skipped with its reason.
 */
export async function recheckPlan(plan: Plan, client: CmaClient): Promise<Selection> {
  const notes: string[] = [];
  const [uploads, tracks] = await Promise.all([recheckUploads(plan, client, notes), recheckTracks(plan, client)]);
  const counted = `${plan.uploads.length} upload(s) and ${plan.tracks.length} track(s)`;
  const criteria = plan.criteria.described;
  const described = [
    `the ${counted} of the plan ${plan.file} (made ${plan.madeAt.toISOString()}, SHA-256 ${plan.sha256.slice(0, 12)}...), re-checked${criteria.length > 0 ? ` against its criteria: ${criteria.join('; ')}` : ' by ID'}`,
  ];
  return {
    uploadIds: uploads.kept.map((upload) => upload.id),
    uploads: uploads.kept,
    unlisted: 0,
    tracks: tracks.kept,
    described,
    notes,
    skipped: [...uploads.skipped, ...tracks.skipped],
  };
}

interface Rechecked<T> {
  readonly kept: T[];
  readonly skipped: SkippedItem[];
}

async function recheckUploads(plan: Plan, client: CmaClient, notes: string[]): Promise<Rechecked<UploadInfo>> {
  const ids = plan.uploads.map((upload) => upload.id);
  if (ids.length === 0) return { kept: [], skipped: [] };
  // Uploads the plan's listing did not find have neither: they are skipped if they exist now.
  const withoutMd5 = plan.uploads.filter((upload) => upload.md5 === null && upload.size !== null).length;
  if (withoutMd5 > 0) {
    notes.push(
      `${withoutMd5} planned upload(s) have no md5 in the plan (the API listed none): a file replaced by another of the same size cannot be told apart, so they are checked by size only`,
    );
  }
  const found = await listGivenIds(ids, plan.criteria, client, notes);
  const provenList = keepProven([...found.values()], plan.criteria, notes);
  await proveInUseApplied(provenList, plan.criteria, client);
  const proven = new Map(provenList.map((upload) => [upload.id, upload]));
  const missing = plan.uploads.filter((planned) => !proven.has(planned.id)).map((planned) => planned.id);
  const reasons = await whyMissing(missing, plan, client);
  const kept: UploadInfo[] = [];
  const skipped: SkippedItem[] = [];
  const md5Gone = plan.uploads.filter((p) => p.md5 !== null && proven.has(p.id) && proven.get(p.id)?.md5 === undefined);
  if (md5Gone.length > 0) {
    notes.push(
      `${md5Gone.length} planned upload(s) are listed without an md5 now, though the plan has one: their files cannot be checked, so they are skipped as changed`,
    );
  }
  for (const planned of plan.uploads) {
    const now = proven.get(planned.id);
    if (now === undefined) {
      const reason = reasons.get(planned.id) ?? "no longer matches the plan's criteria";
      skipped.push({ kind: 'upload', id: planned.id, reason, listed: found.get(planned.id) });
    } else if (fileChanged(planned, now)) {
      skipped.push({ kind: 'upload', id: planned.id, reason: 'file changed since the plan', listed: now });
    } else kept.push(now);
  }
  return { kept, skipped };
}

/**
 * The file is not the one reviewed: its `size` or `md5` differs from the plan's. Without an md5 in
 * the plan (the API listed none), by size alone, as the run warns; with one, an upload now listed
 * without it cannot be checked, and counts as changed.
 */
export function fileChanged(planned: PlannedUpload, now: UploadInfo): boolean {
  if (planned.size !== (now.size ?? null)) return true;
  return planned.md5 !== null && planned.md5.toLowerCase() !== now.md5?.toLowerCase();
}

/**
 * Why planned uploads did not come back: gone (a `filter[ids]` listing alone does not list them),
 * in use by records (when the plan asked for unused ones, and the API lists them as used), or
 * else no longer matching the plan's criteria. Costs requests only for uploads that are missing.
 */
async function whyMissing(missing: readonly string[], plan: Plan, client: CmaClient): Promise<Map<string, SkipReason>> {
  const reasons = new Map<string, SkipReason>();
  const askedUnused = conditionValue(plan.criteria.conditions, 'in_use', 'eq') === false;
  await Promise.all(
    chunk(missing, MAX_IDS_PER_REQUEST).map(async (ids) => {
      const existing = await client.existingUploads(ids);
      for (const id of ids) if (!existing.has(id)) reasons.set(id, 'gone since the plan');
      const still = nonEmpty(ids.filter((id) => existing.has(id)));
      if (!askedUnused || still === undefined) return;
      for (const id of await client.uploadsInUse(still)) if (existing.has(id)) reasons.set(id, 'in use by records');
    }),
  );
  return reasons;
}

/** Each planned track's upload is listed once: a track it no longer lists is gone, and all of them when it is gone. */
async function recheckTracks(plan: Plan, client: CmaClient): Promise<Rechecked<Selection['tracks'][number]>> {
  const uploadIds = [...new Set(plan.tracks.map((track) => track.uploadId))];
  const listed = new Map<string, Map<string, TrackInfo> | undefined>();
  await Promise.all(
    uploadIds.map(async (id) => {
      const tracks = await client.listTracks(id);
      listed.set(id, tracks === undefined ? undefined : new Map(tracks.map((track) => [track.trackId, track])));
    }),
  );
  const kept: Selection['tracks'][number][] = [];
  const skipped: SkippedItem[] = [];
  for (const track of plan.tracks) {
    const id = `${track.uploadId}/${track.trackId}`;
    const tracks = listed.get(track.uploadId);
    const now = tracks?.get(track.trackId);
    if (tracks === undefined) skipped.push({ kind: 'track', id, reason: 'upload gone since the plan' });
    else if (now === undefined) skipped.push({ kind: 'track', id, reason: 'track gone since the plan' });
    else kept.push({ uploadId: track.uploadId, trackId: track.trackId, name: now.name });
  }
  return { kept, skipped };
}
