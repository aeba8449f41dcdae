/** A plan's items read back: the uploads and tracks it selected, each once and well formed. */
import { InputError } from '../common/errors.ts';
import type { TrackRef } from '../settings/settings.ts';
import { isTrackId } from '../settings/item-ids.ts';
import { quote } from '../settings/values.ts';
import type { SealedReport } from './plan-binding.ts';
import type { PlannedUpload } from './plan-types.ts';

/** An item as the plan reads it: what its seal covers (see plan-binding.ts). */
type ReportItem = SealedReport['items'][number];

/** The items of fate `selected`, each once; a plan's other items (skipped by an earlier apply) are not in it. */
export function plannedItems(
  named: string,
  items: readonly ReportItem[],
): { uploads: PlannedUpload[]; tracks: TrackRef[] } {
  const uploads: PlannedUpload[] = [];
  const tracks: TrackRef[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.kind}:${item.id}`;
    if (seen.has(key)) {
      throw new InputError(`${named} names the ${item.kind} ${quote(item.id)} twice: it was edited; make a new plan`);
    }
    seen.add(key);
    if (item.fate === 'skipped') continue;
    if (item.fate !== 'selected') {
      throw new InputError(
        `${named} holds the ${item.kind} ${quote(item.id)} with fate ${item.fate}, which no dry run writes: it was edited; make a new plan`,
      );
    }
    if (item.kind === 'upload') {
      uploads.push({ id: item.id, md5: item.listed?.md5 ?? null, size: item.listed?.size ?? null });
      continue;
    }
    if (item.id !== `${item.uploadId}/${item.trackId}`) {
      throw new InputError(
        `${named} holds a track ${quote(item.id)} whose uploadId and trackId (${quote(`${item.uploadId}/${item.trackId}`)}) are not its ID: it was edited; make a new plan`,
      );
    }
    if (!isTrackId(item.trackId) || !/^[A-Za-z0-9_-]{1,64}$/.test(item.uploadId)) {
      throw new InputError(
        `${named} holds a track ${quote(item.id)} that is not UPLOAD_ID/TRACK_ID: it was edited; make a new plan`,
      );
    }
    tracks.push({ uploadId: item.uploadId, trackId: item.trackId });
  }
  return { uploads, tracks };
}
