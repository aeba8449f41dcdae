import type { Criteria } from '../criteria/criteria.ts';
import type { ReportSealer, SealedItem } from './sealed.ts';
import type { TargetEnvironment } from '../cma/environment.ts';
import type { CleanupResult } from '../result/result.ts';
import type { JobRecord } from '../result/jobs.ts';
import type { ItemState } from '../result/item-ledger.ts';
import type { Settings } from '../settings/settings.ts';
import type { ListFileCounts } from '../settings/from-files.ts';
import type { UploadInfo } from '../cma/upload-listing.ts';
import { REPORT_SCHEMA_VERSION } from './report-version.ts';
import { skipDetails } from './skip-details.ts';

/** Why a track's media is not in the backup, in the manifest and the report. */
export const TRACK_MEDIA_NOT_SAVED = "not saved: the API gives no way to download a track's media";

/** How the run ended, in one word. */
export type RunOutcome = 'succeeded' | 'failed-items' | 'failed' | 'cancelled' | 'dry-run';

/** What the report needs besides the result: the run's settings, times and end. */
export interface ReportContext {
  readonly tool: { readonly name: string; readonly version: string };
  readonly settings: Settings;
  readonly fromFiles: ListFileCounts;
  /** Wall-clock times, epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Epoch ms at clock time 0, to turn the jobs' clock times into dates. */
  readonly clockOrigin: number;
  /** The fatal error's message, if any. */
  readonly error: string | undefined;
  readonly cancelled: boolean;
  /** Seals the report of a dry run that ended normally: it is a plan (see plan/plan-seal.ts). */
  readonly sealer?: ReportSealer | undefined;
}

export function outcomeOf(result: CleanupResult, context: Pick<ReportContext, 'error' | 'cancelled'>): RunOutcome {
  if (context.cancelled) return 'cancelled';
  if (context.error !== undefined) return 'failed';
  if (result.dryRun) return 'dry-run';
  return result.failed > 0 ? 'failed-items' : 'succeeded';
}

/** Everything but the items: small, whatever the run's size. */
export function reportHeader(result: CleanupResult, context: ReportContext): Record<string, unknown> {
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const clockIso = (time: number | undefined) => (time === undefined ? null : iso(context.clockOrigin + time));
  const { settings } = context;
  const header = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: context.tool,
    startedAt: iso(context.startedAt),
    endedAt: iso(context.endedAt),
    environment: environmentOf(result.environment, settings.environment),
    dryRun: result.dryRun,
    settings: {
      baseUrl: settings.baseUrl,
      scope: settings.scope,
      criteria: criteriaOf(settings.criteria),
      maxDeletions: settings.maxDeletions,
      jobTimeoutSeconds: settings.jobTimeoutMs / 1000,
      deleteEndpoint: settings.deleteEndpoint,
      verify: settings.verify,
      failOnFailed: settings.failOnFailed,
      sources: {
        uploadIdsFile: settings.uploadIdsFile ?? null,
        uploadIdsFromFile: context.fromFiles.uploadIds,
        uploadTracksFile: settings.uploadTracksFile ?? null,
        uploadTracksFromFile: context.fromFiles.uploadTracks,
      },
      plan: planOf(result),
    },
    outcome: outcomeOf(result, context),
    error: context.error ?? null,
    counts: countsOf(result),
    usedBulkDestroy: result.usedBulkDestroy,
    verification: result.verification.enabled
      ? { checked: result.verification.checked, contradicted: result.verification.contradicted }
      : null,
    jobs: result.jobs.map((job) => jobOf(job, clockIso)),
    unanswered: [...result.unanswered],
    notes: [...result.notes],
    selection:
      result.selection === undefined ? null : { described: result.selection.described, notes: result.selection.notes },
    backup: backupOf(result),
  };
  const plan = outcomeOf(result, context) === 'dry-run' ? context.sealer : undefined;
  const seal = plan?.seal(header, result.uploadItems.size, result.trackItems.size) ?? null;
  return { ...header, seal };
}

/** The plan the run applied; null for a run that selected by itself. */
function planOf(result: CleanupResult) {
  const plan = result.plan;
  if (plan === undefined) return null;
  return {
    file: plan.path,
    sha256: plan.sha256,
    madeAt: plan.madeAt.toISOString(),
    uploads: plan.uploads.length,
    tracks: plan.tracks.length,
    binding: plan.binding,
    removed: plan.removed,
  };
}

/** What backup-dir saved; null without a backup. */
function backupOf(result: CleanupResult) {
  const record = result.backup;
  if (record === undefined) return null;
  return {
    dir: record.dir,
    manifest: record.manifestWritten ? record.manifestPath : null,
    uploads: record.uploads.size,
    tracks: record.tracks.size,
    bytes: record.savedBytes,
    notSaved: record.failures.length + record.skipped.length,
  };
}

function environmentOf(environment: TargetEnvironment | undefined, requested: string | undefined) {
  return {
    id: environment?.id ?? null,
    primary: environment?.primary ?? null,
    confirmed: environment !== undefined && environment.unconfirmed === undefined,
    requested: requested ?? null,
    note: environment?.unconfirmed ?? null,
  };
}

/**
 * The criteria as the listing sent them (each `filter[fields]` condition, and the full-text
 * query) and as they were given: the filter object, only-unused, and older-than with its
 * absolute cut-off. A plan is re-checked against them.
 */
function criteriaOf(criteria: Criteria) {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const { field, op, value } of criteria.conditions.slice(0, criteria.fromFilter)) {
    filter[field] = { ...filter[field], [op]: value };
  }
  return {
    conditions: criteria.conditions.map(({ field, op, value }) => ({ field, op, value })),
    filter: criteria.fromFilter === 0 ? null : filter,
    onlyUnused: criteria.onlyUnused,
    olderThan: criteria.olderThan ?? null,
    query: criteria.query ?? null,
    confirmUnused: criteria.confirmUnused,
    described: criteria.described,
  };
}

function countsOf(result: CleanupResult) {
  const uploads = result.uploadItems.countFates();
  const tracks = result.trackItems.countFates();
  const fates = {
    deleted: uploads.deleted + tracks.deleted,
    failed: uploads.failed + tracks.failed,
    unknown: uploads.unknown + tracks.unknown,
    pending: uploads.pending + tracks.pending,
    selected: uploads.selected + tracks.selected,
    skipped: uploads.skipped + tracks.skipped,
  };
  return {
    selected: result.selected,
    successful: result.successful,
    failed: result.failed,
    skipped: result.skipped.length,
    unlisted: result.selection?.unlisted ?? 0,
    unnamedFailed: result.unnamedFailed,
    uploads: { selected: result.requestedUploads, ...result.counts.uploads, skipped: uploads.skipped },
    tracks: { selected: result.requestedTracks, ...result.counts.track, skipped: tracks.skipped },
    fates,
  };
}

function jobOf(job: JobRecord, clockIso: (time: number | undefined) => string | null) {
  return {
    id: job.id,
    kind: job.kind === 'uploads' ? 'uploads' : 'track',
    items: job.items,
    submittedAt: clockIso(job.submittedAt),
    finishedAt: clockIso(job.finishedAt),
    status: job.status ?? null,
    reported: job.reported ?? null,
    countsIgnored: job.countsIgnored ?? null,
    contradicted: job.contradicted ?? null,
  };
}

/** Why an item is `pending` or `unknown`, in the report's words. */
const PENDING_SENT = 'its job had not finished when the run ended';
const PENDING_UNSENT = 'not sent: the run ended first';
const PENDING_UNANSWERED = 'sent, but the run ended before an answer: it may still take effect';
const UNKNOWN = 'gone, but its job counted failures that cannot be named';

/**
 * One entry per selected item, in selection order (uploads, then tracks), each as JSON text:
 * written one after the other, no object is kept per item.
 */
export function* reportItems(result: CleanupResult, seal?: ItemSealer): Generator<string> {
  const jobIds = result.jobIds;
  const [listed, skipped] = [listedUploads(result), skipDetails(result)];
  for (const [id, item] of result.uploadItems.entries(jobIds)) {
    const details = listed.get(id);
    const saved = result.backup?.uploads.get(id);
    const backup = saved === undefined ? 'null' : JSON.stringify({ file: saved.file, md5: saved.md5 });
    const shown = details === undefined ? null : listedOf(details);
    const sealed = sealText(seal, { kind: 'upload', id, fate: item.fate, listed: shown });
    yield `{"kind":"upload","id":${JSON.stringify(id)},${fateText(item, result.unansweredItems.has(id))}${skipped(id, item.fate)},"listed":${JSON.stringify(shown)},"backup":${backup}${sealed}}`;
  }
  const names = trackNames(result);
  for (const [id, item] of result.trackItems.entries(jobIds)) {
    const slash = id.indexOf('/');
    const [uploadId, trackId] = [id.slice(0, slash), id.slice(slash + 1)];
    const parts = `"uploadId":${JSON.stringify(uploadId)},"trackId":${JSON.stringify(trackId)}`;
    const saved =
      result.backup?.tracks.has(id) === true ? `{"media":${JSON.stringify(TRACK_MEDIA_NOT_SAVED)}}` : 'null';
    const name = names.get(id) ?? null;
    const sealed = sealText(seal, { kind: 'track', id, uploadId, trackId, name, fate: item.fate });
    yield `{"kind":"track","id":${JSON.stringify(id)},${parts},"name":${JSON.stringify(name)},${fateText(item, result.unansweredItems.has(id))},"backup":${saved}${sealed}}`;
  }
}

/**
 * What was listed of each selected upload, by ID: the selection's listing, and what the re-check
 * of a plan listed of its skipped uploads. The report and the review join the items to these.
 */
export function listedUploads(result: CleanupResult): Map<string, UploadInfo> {
  const listed = new Map<string, UploadInfo>();
  for (const upload of result.selection?.uploads ?? []) listed.set(upload.id, upload);
  for (const item of result.skipped) if (item.listed !== undefined) listed.set(item.id, item.listed);
  return listed;
}

/** Each selected track's name (undefined when it has none), by `UPLOAD_ID/TRACK_ID`. */
export function trackNames(result: CleanupResult): Map<string, string | undefined> {
  return new Map((result.selection?.tracks ?? []).map((t) => [`${t.uploadId}/${t.trackId}`, t.name]));
}

/** Seals each item of a plan, bound to its header's seal. */
export type ItemSealer = (item: SealedItem) => string;

/** The item's `seal` key, when the report is a plan. */
function sealText(seal: ItemSealer | undefined, item: SealedItem): string {
  return seal === undefined ? '' : `,"seal":${JSON.stringify(seal(item))}`;
}

/** The item sealer of a report's header, when it holds a seal (see `reportHeader`). */
export function itemSealer(header: Record<string, unknown>, sealer: ReportSealer | undefined): ItemSealer | undefined {
  const seal = header.seal as { readonly mac: string } | null | undefined;
  if (sealer === undefined || seal === null || seal === undefined) return undefined;
  return (item) => sealer.sealItem(seal, item);
}

/** Why an item has its fate: the failure's reason, or what `pending` and `unknown` mean for it. */
export function reasonOf(item: ItemState, unanswered: boolean): string | null {
  if (item.fate === 'failed') return item.reason ?? 'refused';
  if (item.fate === 'skipped') return item.reason ?? null;
  if (item.fate === 'pending' && item.jobId === undefined) return unanswered ? PENDING_UNANSWERED : PENDING_UNSENT;
  if (item.fate === 'pending') return PENDING_SENT;
  return item.fate === 'unknown' ? UNKNOWN : null;
}

function fateText(item: ItemState, unanswered: boolean): string {
  const reason = reasonOf(item, unanswered);
  const jobId = item.jobId === undefined ? 'null' : JSON.stringify(item.jobId);
  return `"fate":"${item.fate}","reason":${JSON.stringify(reason)},"jobId":${jobId},"verified":${item.verified === true ? 'true' : 'null'}`;
}

function listedOf(upload: UploadInfo) {
  return {
    filename: upload.filename,
    size: upload.size ?? null,
    url: upload.url ?? null,
    md5: upload.md5 ?? null,
    createdAt: upload.createdAt ?? null,
    tags: upload.tags ?? null,
  };
}

/**
 * The report as text, in pieces: the header, then the items a few hundred at a time, so that a
 * 100,000-item run never holds the whole document as one string. Each item is on a line of its
 * own: a plan reviewed as a file shows one item a line, and taking one out is deleting a line.
 */
export function* reportText(header: Record<string, unknown>, items: Iterable<string>): Generator<string> {
  const head = JSON.stringify(header);
  yield `${head.slice(0, -1)},"items":[`;
  let batch: string[] = [];
  let first = true;
  for (const item of items) {
    batch.push(item);
    if (batch.length === 500) {
      yield `${first ? '\n' : ',\n'}${batch.join(',\n')}`;
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${first ? '\n' : ',\n'}${batch.join(',\n')}`;
  yield first && batch.length === 0 ? ']}\n' : '\n]}\n';
}
