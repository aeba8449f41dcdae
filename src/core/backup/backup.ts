import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { DownloadError, type AssetFile, type SavedFile } from '../assets/asset-download.ts';
import { backupFileName } from './backup-file-name.ts';
import type { SavedBackup } from '../result/views.ts';
import { byteSize } from '../common/byte-size.ts';
import { chunk } from '../common/chunk.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient, type TrackInfo, type UploadResource } from '../cma/cma-client.ts';
import { BackupTooLargeError } from './errors.ts';
import { BACKUP_FAILED, type FailureReason, type SkipReason } from '../select/failure-reason.ts';
import { isCount, isRecord } from '../common/guards.ts';
import type { SkippedItem } from '../select/selection.ts';
import { isUploadId } from '../settings/upload-id.ts';
import type { TrackRef } from '../settings/settings.ts';
import { firstOf } from '../common/short-list.ts';

/** Downloads in flight at once: the asset host is a CDN, not the CMA, and has no rate limit of ours. */
export const DOWNLOAD_CONCURRENCY = 8;
/** The manifest's name in the backup folder. */
export const MANIFEST_NAME = 'manifest.json';

/** One upload saved: where its file is (relative to the backup folder) and what it holds. */
export interface SavedUpload {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
  readonly md5: string;
  readonly resource: UploadResource;
}

/** One track saved, as metadata only: its media cannot be fetched. */
export interface SavedTrack {
  readonly uploadId: string;
  readonly trackId: string;
  readonly name: string | null;
  readonly type: string | null;
  readonly languageCode: string | null;
  readonly closedCaptions: boolean | null;
}

/** What the backup made, filled in as it goes: the report reads it whatever ends the run. */
export class BackupRecord {
  readonly uploads = new Map<string, SavedUpload>();
  readonly tracks = new Map<string, SavedTrack>();
  /** Items not saved (upload IDs, and `UPLOAD_ID/TRACK_ID`), and so not to be deleted. */
  readonly failures: { readonly id: string; readonly reason: FailureReason; readonly why: string }[] = [];
  /** Uploads its listing or download showed changed since they were selected: not saved, never deleted. */
  readonly skipped: SkippedItem[] = [];
  /** The listed sizes of the uploads to save, added up (set once they are listed). */
  plannedBytes = 0;
  savedBytes = 0;
  /** Whether the manifest was written, and where. */
  manifestWritten = false;
  /** This run made the folder's files/: the folder is its own (a manifest may be written). */
  claimed = false;

  /** The backup folder, absolute. */
  readonly dir: string;
  readonly maxBytes: number;

  constructor(dir: string, maxBytes: number) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  get manifestPath(): string {
    return join(this.dir, MANIFEST_NAME);
  }
}

export interface BackupWork {
  readonly uploadIds: readonly string[];
  readonly tracks: readonly TrackRef[];
}

export interface BackupDeps {
  readonly client: Pick<CmaClient, 'uploadResources' | 'listTracks'>;
  /** Downloads one file to an absolute path (see `downloadAsset`). */
  readonly download: (file: AssetFile, path: string) => Promise<SavedFile>;
  readonly log: { readonly info: (message: string) => void; readonly warning: (message: string) => void };
  readonly signal: AbortSignal;
  /**
   * Holds what the backup's own listing shows of an upload against what was selected (a plan's
   * file, the criteria): why to skip it, or undefined. Its listing is the last before deletion.
   */
  readonly recheck?: (id: string, resource: UploadResource) => SkippedItem | undefined;
  /**
   * Why an upload whose download is a whole file other than the listed one is skipped, not
   * failed (applying a plan: it is not the file reviewed). Undefined: it fails as `backup failed`.
   */
  readonly changedFile?: SkipReason;
}

/**
 * Saves every upload of `work` (its file and its metadata as listed) and every track (its
 * metadata) in the record's folder. An item that could not be saved is a failure with the
 * reason `backup failed` (or `not found`/`track not found` when the API no longer has it), and
 * must not be deleted. Throws BackupTooLargeError before any download when the listed sizes add
 * up to more than the cap; throws the signal's reason when the run stops.
 */
export async function backUp(work: BackupWork, record: BackupRecord, deps: BackupDeps): Promise<void> {
  const resources = await listResources(work.uploadIds, deps);
  const files: { id: string; file: AssetFile; relative: string; resource: UploadResource }[] = [];
  for (const id of work.uploadIds) {
    const resource = resources.get(id);
    if (resource === undefined) {
      record.failures.push({ id, reason: 'not found', why: 'the API no longer lists it' });
      continue;
    }
    const changed = deps.recheck?.(id, resource);
    if (changed !== undefined) {
      record.skipped.push(changed);
      deps.log.warning(
        `Upload ${id} is skipped, and not deleted: ${changed.reason} (the backup's listing: ${changed.why ?? 'changed'})`,
      );
      continue;
    }
    const checked = assetOf(resource);
    if (typeof checked === 'string' || !isUploadId(id)) {
      const why = typeof checked === 'string' ? checked : 'its ID cannot name a folder';
      record.failures.push({ id, reason: BACKUP_FAILED, why });
      deps.log.warning(`Upload ${id} was not backed up, so it will not be deleted: ${why}`);
      continue;
    }
    files.push({ id, file: checked, relative: relativePath(id, resource), resource });
  }
  record.plannedBytes = files.reduce((sum, entry) => sum + entry.file.size, 0);
  if (record.plannedBytes > record.maxBytes) {
    throw new BackupTooLargeError(record.plannedBytes, record.maxBytes, files.length);
  }
  await saveTracks(work.tracks, record, deps);
  deps.log.info(`Backing up ${files.length} upload(s) (${byteSize(record.plannedBytes) || '0 B'}) to ${record.dir}`);
  await claim(record);
  const limit = pLimit(DOWNLOAD_CONCURRENCY);
  await Promise.all(
    files.map((entry) =>
      limit(async () => {
        if (deps.signal.aborted) return;
        const path = join(record.dir, entry.relative);
        try {
          const saved = await deps.download(entry.file, path);
          record.uploads.set(entry.id, { id: entry.id, file: entry.relative, ...saved, resource: entry.resource });
          record.savedBytes += saved.bytes;
        } catch (error) {
          if (deps.signal.aborted) return;
          const why = error instanceof DownloadError ? error.message : String(error);
          if (error instanceof DownloadError && error.changed && deps.changedFile !== undefined) {
            record.skipped.push({ kind: 'upload', id: entry.id, reason: deps.changedFile });
            deps.log.warning(`Upload ${entry.id} is skipped, and not deleted: ${deps.changedFile} (${why})`);
            return;
          }
          record.failures.push({ id: entry.id, reason: BACKUP_FAILED, why });
          deps.log.warning(`Upload ${entry.id} was not backed up, so it will not be deleted: ${why}`);
        }
      }),
    ),
  );
  if (deps.signal.aborted) throw deps.signal.reason;
}

/** Listings of resources in flight at once: the rate limiter sets the pace. */
const LIST_CONCURRENCY = 4;

/**
 * Makes the folder's `files/`, which only one run can do: two runs given the same empty folder
 * would otherwise mix their files and replace each other's manifest.
 */
async function claim(record: BackupRecord): Promise<void> {
  await mkdir(record.dir, { recursive: true });
  try {
    await mkdir(join(record.dir, 'files'));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    throw new BackupDirTakenError(record.dir);
  }
  record.claimed = true;
}

/** Another run started a backup in the same folder since the settings found it empty. */
export class BackupDirTakenError extends Error {
  override name = 'BackupDirTakenError';

  constructor(dir: string) {
    super(
      `backup-dir ${dir} was taken by another run since this one found it empty (it holds files/ now): nothing was downloaded or deleted; give each run its own backup-dir`,
    );
  }
}

/** The listed resources of `ids`, 200 per request. */
async function listResources(ids: readonly string[], deps: BackupDeps): Promise<Map<string, UploadResource>> {
  const limit = pLimit(LIST_CONCURRENCY);
  const parts = await Promise.all(
    chunk(ids, MAX_IDS_PER_REQUEST).map((part) => limit(() => deps.client.uploadResources(part))),
  );
  const found = new Map<string, UploadResource>();
  for (const part of parts) for (const [id, resource] of part) found.set(id, resource);
  return found;
}

/** What to download, from the listed attributes; or why it cannot be. */
function assetOf(resource: UploadResource): AssetFile | string {
  const attributes = isRecord(resource.attributes) ? resource.attributes : {};
  const { url, size, md5 } = attributes;
  if (typeof url !== 'string' || url === '') return 'the listing gives no url';
  if (!isCount(size)) return 'the listing gives no size to check the file against';
  if (md5 !== undefined && md5 !== null && !(typeof md5 === 'string' && /^[0-9a-f]{32}$/i.test(md5))) {
    return 'the listing gives an md5 that is not one, to check the file against';
  }
  return { url, size, md5: typeof md5 === 'string' ? md5 : undefined };
}

/** Where an upload's file goes: named by its ID and a safe extension (see backup-file-name.ts). */
function relativePath(id: string, resource: UploadResource): string {
  const attributes = isRecord(resource.attributes) ? resource.attributes : {};
  return backupFileName(id, typeof attributes.filename === 'string' ? attributes.filename : '');
}

/** Lists the tracks of every upload that has selected tracks, and keeps the selected ones' metadata. */
async function saveTracks(tracks: readonly TrackRef[], record: BackupRecord, deps: BackupDeps): Promise<void> {
  const byUpload = new Map<string, TrackRef[]>();
  for (const track of tracks) byUpload.set(track.uploadId, [...(byUpload.get(track.uploadId) ?? []), track]);
  const limit = pLimit(4);
  await Promise.all(
    [...byUpload].map(([uploadId, wanted]) =>
      limit(async () => {
        const listed = await deps.client.listTracks(uploadId);
        const byId = new Map<string, TrackInfo>();
        for (const track of listed ?? []) if (!byId.has(track.trackId)) byId.set(track.trackId, track);
        for (const { trackId } of wanted) {
          const id = `${uploadId}/${trackId}`;
          const info = byId.get(trackId);
          if (info === undefined) {
            const why = listed === undefined ? `upload ${uploadId} was not found` : 'the API does not list it';
            record.failures.push({ id, reason: 'track not found', why });
            continue;
          }
          record.tracks.set(id, {
            uploadId,
            trackId,
            name: info.name ?? null,
            type: info.details?.type ?? null,
            languageCode: info.details?.languageCode ?? null,
            closedCaptions: info.details?.closedCaptions ?? null,
          });
        }
      }),
    ),
  );
  if (record.tracks.size > 0) {
    deps.log.info(
      `Backed up ${record.tracks.size} track(s) as metadata only (${firstOf([...record.tracks.keys()], 3)}): a track's media cannot be downloaded`,
    );
  }
}

/** The backup in one line, for the summary and the terminal. */
export function describeBackup(record: SavedBackup): string {
  const tracks = record.tracks.size > 0 ? ` and ${record.tracks.size} track(s) (metadata only)` : '';
  const where = record.manifestWritten
    ? `${record.dir} (manifest: ${MANIFEST_NAME})`
    : `${record.dir} (no manifest written)`;
  const left = record.failures.length + record.skipped.length;
  const notSaved = left > 0 ? `; ${left} item(s) not saved, so not deleted` : '';
  return `${record.uploads.size} upload(s) (${byteSize(record.savedBytes) || '0 B'})${tracks} saved in ${where}${notSaved}`;
}
