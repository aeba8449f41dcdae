import type { ApplyHint } from '../core/report/apply-hint.ts';
import { describeBackup } from '../core/backup/backup.ts';
import { byteSize } from '../core/common/byte-size.ts';
import { describeEnvironment } from '../core/cma/environment.ts';
import { oneLine } from '../core/common/one-line.ts';
import { type CleanupResult } from '../core/result/result.ts';
import { SANDBOX_TRACK, SANDBOX_TRACK_WORDS } from '../core/select/failure-reason.ts';
import { describeBinding } from '../core/plan/plan-binding.ts';
import { outcomeOf } from '../core/report/run-report.ts';
import { shortList } from '../core/common/short-list.ts';
import { COMMAND } from '../core/common/version.ts';
import { describeConfirmation } from '../core/select/confirm-unused.ts';

/** What the summary tells: the result, and how the run ended. */
export interface TextSummary {
  readonly result: CleanupResult;
  readonly error: string | undefined;
  readonly cancelled: boolean;
  readonly durationMs: number;
  /** Where the report was written; undefined when it could not be. */
  readonly reportFile: string | undefined;
  /** The report file's SHA-256, as written. */
  readonly reportSha256?: string | undefined;
  /** What to say of applying a dry run's plan: the apply to run, or why there is none. */
  readonly applyHint?: ApplyHint | undefined;
}

/** What to do about uploads in use, in the command's words. */
export const IN_USE_HINT =
  'To leave such uploads out of a selection by criteria, add --only-unused; to delete them, first remove them from the records that use them.';

/** Most IDs listed per line; the rest are counted. */
const MAX_LISTED = 20;

/**
 * The same facts as the action's job summary, as plain lines for a terminal or a CI log: no
 * colour, no escape codes, every line readable on its own.
 */
export function renderTextSummary(summary: TextSummary): string {
  const { result } = summary;
  const lines = [
    '',
    headline(summary),
    '',
    ...countsTable(result),
    '',
    ...runFacts(summary),
    ...notDeleted(result),
    ...skippedLines(result),
    ...selected(result),
    ...(result.notes.length > 0
      ? ['', 'Notes:', ...result.notes.slice(0, MAX_LISTED).map((note) => `  - ${note}`)]
      : []),
    '',
    summary.reportFile === undefined
      ? 'Report: not written (see the warning above)'
      : `Report: ${summary.reportFile}${summary.reportSha256 === undefined ? '' : ` (SHA-256 ${summary.reportSha256})`}`,
    ...applyThisPlan(summary),
  ];
  return `${lines.map(oneLine).join('\n')}\n`;
}

/** Selected, deleted, not deleted (and skipped, applying a plan), for uploads and tracks, in columns. */
function countsTable(result: CleanupResult): string[] {
  const { uploads, track } = result.counts;
  const applied = result.plan !== undefined || result.skipped.length > 0;
  const rows = [
    ['', 'Selected', 'Deleted', 'Not deleted', ...(applied ? ['Skipped'] : [])],
    [
      'Uploads',
      result.requestedUploads,
      uploads.successful,
      uploads.failed,
      ...(applied ? [result.skippedOf('upload')] : []),
    ],
    [
      'Upload tracks',
      result.requestedTracks,
      track.successful,
      track.failed,
      ...(applied ? [result.skippedOf('track')] : []),
    ],
  ].map((row) => row.map(String));
  return rows.map(
    (row) =>
      `  ${row[0]?.padEnd(15)}${row
        .slice(1)
        .map((cell) => cell.padStart(12))
        .join('')}`,
  );
}

/** Where and how the run went: environment, plan, jobs, endpoint, verification, backup, duration. */
function runFacts(summary: TextSummary): string[] {
  const { result } = summary;
  return [
    `Environment: ${result.environment === undefined ? 'not known' : describeEnvironment(result.environment)}`,
    ...(result.plan === undefined
      ? []
      : [
          `Plan: ${result.plan.path} (SHA-256 ${result.plan.sha256}, made ${result.plan.madeAt.toISOString()}, ${describeBinding(result.plan)}): only its items that still qualify could be deleted`,
        ]),
    `Jobs: ${result.jobs.length === 0 ? 'none' : shortList(result.jobIds, MAX_LISTED, ', ')}`,
    ...(result.pendingJobIds.length > 0 ? [`Still running: ${shortList(result.pendingJobIds, MAX_LISTED, ', ')}`] : []),
    ...(result.unanswered.length > 0
      ? [`Sent without an answer (may still take effect): ${shortList(result.unanswered, 3, '; ')}`]
      : []),
    ...(result.usedBulkDestroy
      ? ['Deleted with POST /uploads/bulk/destroy (DELETE /uploads/batch-destroy is gone)']
      : []),
    ...verification(result),
    ...(result.confirmation === undefined ? [] : [describeConfirmation(result.confirmation)]),
    ...(result.backup === undefined ? [] : [`Backup: ${describeBackup(result.backup)}`]),
    `Duration: ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
}

/** Applying a plan: the items left alone because they changed since, by reason. */
function skippedLines(result: CleanupResult): string[] {
  if (result.skipped.length === 0) return [];
  const lines = ['', `Skipped (${result.skippedWhy}, not deleted):`];
  for (const [reason, ids] of result.skippedByReason())
    lines.push(`  ${reason} (${ids.length}): ${shortList(ids, MAX_LISTED, ', ')}`);
  return lines;
}

/** A dry run's report is a plan: the command that applies it, ready to copy; or why there is none. */
function applyThisPlan({ applyHint: hint }: TextSummary): string[] {
  if (hint === undefined) return [];
  if (hint.kind === 'not-whole') return ['', hint.message];
  const flags = hint.inputs.map(([name, value]) => ` --${name} ${shellWord(value)}`).join('');
  return [
    '',
    hint.ownReport
      ? "This dry run's report is a plan. After review, delete exactly its items that still qualify with:"
      : 'To delete exactly the items of the plan this dry run re-checked that still qualify then, run:',
    `  ${COMMAND.name} apply ${shellWord(hint.planFile)} --plan-sha256 ${hint.planSha256}${flags}`,
  ];
}

/** A path as one shell word: quoted unless it is made of characters no shell reads specially. */
function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function headline({ result, error, cancelled }: TextSummary): string {
  switch (outcomeOf(result, { error, cancelled })) {
    case 'cancelled':
      return `Interrupted: ${error ?? ''}`;
    case 'failed':
      return `Failed: ${error ?? ''}`;
    case 'dry-run':
      return `Dry run: ${result.selected - result.skipped.length} upload(s) and track(s) selected, nothing deleted.${skippedNote(result)}`;
    case 'failed-items':
      return `${result.successful} deleted, ${result.failed} not deleted.${skippedNote(result)}`;
    case 'succeeded':
      return result.selected === 0
        ? 'Nothing to delete: no upload or track was selected.'
        : `${result.successful} deleted.${skippedNote(result)}`;
  }
}

function skippedNote(result: CleanupResult): string {
  return result.skipped.length === 0 ? '' : ` ${result.skipped.length} skipped (${result.skippedWhy}).`;
}

function verification({ verification: checks, unconfirmed: lost, requestedUploads }: CleanupResult): string[] {
  if (!checks.enabled) return [];
  const unconfirmed =
    lost.why === undefined
      ? []
      : [
          `Verify: ${lost.uploads} upload(s) a job reported deleted could not be confirmed: their lookup failed or was not trusted (${lost.why})`,
        ];
  if (checks.checked === 0) {
    return unconfirmed.length > 0 ? unconfirmed : ['Verify: no upload was looked up (no upload job finished)'];
  }
  const checked = `Verified: ${checks.checked} of ${requestedUploads} selected upload(s) looked up after their job`;
  const contradicted =
    checks.contradicted === 0
      ? `${checked}; none that a job reported deleted still exists`
      : `${checked}; ${checks.contradicted} upload(s) a job reported deleted still exist and count as not deleted`;
  return [contradicted, ...unconfirmed];
}

/** Most uploads and tracks shown of a selection: enough to check it; the report holds every one. */
const MAX_ROWS = 10;

/** What was selected and why, with the first uploads and tracks. */
function selected({ selection, skipped }: CleanupResult): string[] {
  if (selection === undefined) return [];
  const kept = new Map(skipped.filter((item) => item.kind === 'upload').map((item) => [item.id, item.reason]));
  const lines = ['', 'Selected:', ...selection.described.map((line) => `  ${line}`)];
  lines.push(...selection.notes.map((note) => `  warning: ${note}`));
  const uploads = selection.uploads ?? [];
  for (const upload of uploads.slice(0, MAX_ROWS)) {
    const facts = [upload.filename, byteSize(upload.size), upload.createdAt?.slice(0, 10) ?? ''].filter(
      (f) => f !== '',
    );
    const reason = kept.get(upload.id);
    lines.push(`  ${upload.id}  ${clip(facts.join(', '))}${reason === undefined ? '' : `  (skipped: ${reason})`}`);
  }
  if (uploads.length > MAX_ROWS)
    lines.push(`  ... and ${uploads.length - MAX_ROWS} more upload(s) (the report lists every one)`);
  for (const track of selection.tracks.slice(0, MAX_ROWS)) {
    lines.push(`  ${track.uploadId}/${track.trackId}${track.name === undefined ? '' : `  ${clip(track.name)}`}`);
  }
  if (selection.tracks.length > MAX_ROWS) lines.push(`  ... and ${selection.tracks.length - MAX_ROWS} more track(s)`);
  return lines;
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function notDeleted(result: CleanupResult): string[] {
  if (result.failures.length === 0) return [];
  const lines = ['', 'Not deleted:'];
  for (const [reason, ids] of result.failuresByReason())
    lines.push(`  ${reason} (${ids.length}): ${shortList(ids, MAX_LISTED, ', ')}`);
  const inUse = result.failedFor('in use by records');
  if (inUse > 0) lines.push(`${inUse} upload(s) were kept because records use them. ${IN_USE_HINT}`);
  const sandboxTracks = result.failedFor(SANDBOX_TRACK);
  if (sandboxTracks > 0) lines.push(`${sandboxTracks} track(s) were refused: ${SANDBOX_TRACK_WORDS}.`);
  return lines;
}
