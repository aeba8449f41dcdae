import type { ApplyHint } from '../core/report/apply-hint.ts';
import { describeBackup } from '../core/backup/backup.ts';
import { describeEnvironment } from '../core/cma/environment.ts';
import { escape, escapeCode } from '../core/review/markdown.ts';
import { mediaTable } from '../core/review/media-table.ts';
import { describeBinding } from '../core/plan/plan-binding.ts';
import { VERSION } from '../core/common/version.ts';
import { type CleanupResult } from '../core/result/result.ts';
import { SANDBOX_TRACK, SANDBOX_TRACK_WORDS } from '../core/select/failure-reason.ts';
import type { Selection } from '../core/select/selection.ts';
import { describeConfirmation } from '../core/select/confirm-unused.ts';

/** Everything the outputs and the summary tell, gathered when the run ends. */
export interface RunReport {
  readonly result: CleanupResult;
  readonly durationMs: number;
  /** The fatal error's message, when the run failed. */
  readonly error?: string | undefined;
  /** Where the JSON report was written; undefined when it was not. */
  readonly reportFile?: string | undefined;
  /** The report file's SHA-256, as written. */
  readonly reportSha256?: string | undefined;
  /** What to say of applying a dry run's plan: the inputs that apply it, or why there are none. */
  readonly applyHint?: ApplyHint | undefined;
  /** What a later step writes after `uses:` to run this action: see `actionUses`. */
  readonly uses?: string | undefined;
}

/**
 * How a later step names this action: as this step did, the repository and ref the runner says it
 * ran from (GITHUB_ACTION_REPOSITORY, GITHUB_ACTION_REF: a tag, a branch such as `feature/x`, a
 * commit SHA), or `./` when it ran from the workflow's own repository (`uses: ./`), where the
 * runner sets neither. Only a ref git would not take (none is set that way) gives way to this
 * version's major tag.
 */
export function actionUses(env: Readonly<Record<string, string | undefined>>): string {
  const repository = env.GITHUB_ACTION_REPOSITORY?.trim() ?? '';
  const ref = env.GITHUB_ACTION_REF?.trim() ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) return './';
  return `${repository}@${isGitRef(ref) ? ref : `v${VERSION.split('.')[0] ?? ''}`}`;
}

/**
 * A ref name as `git check-ref-format` allows it, so that it is printed as written: no space or
 * control character, none of ~ ^ : ? * [ \, no `..`, `@{` or `//`, no `/` at either end. No such
 * ref can end a YAML plain scalar or a Markdown code block early.
 */
function isGitRef(ref: string): boolean {
  return ref !== '' && ref !== '@' && !/[\s\p{Cc}~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$/u.test(ref);
}

/** Step outputs, named as in action.yml; `commentUrl` is the pull-request comment's, when one was written. */
export function outputs(
  result: CleanupResult,
  reportFile?: string,
  reportSha256?: string,
  commentUrl?: string,
): Record<string, string> {
  return {
    successful: String(result.successful),
    failed: String(result.failed),
    'job-ids': result.jobIds.join(','),
    'failed-ids': result.failedIds.join(','),
    selected: String(result.selected),
    environment: result.environment?.id ?? '',
    'report-file': reportFile ?? '',
    'id-map': '',
    skipped: String(result.skipped.length),
    'report-sha256': reportSha256 ?? '',
    'comment-url': commentUrl ?? '',
  };
}

/** Most job IDs and notes listed in the summary; the rest are counted. */
const MAX_LISTED = 50;
/**
 * Most characters of the picture table: GitHub keeps at most 1 MiB of a step's summary, and a
 * character of a filename may take 3 bytes; the rest of the summary is capped lists.
 */
const SUMMARY_TABLE_CHARS = 200_000;

/** The job summary, as markdown. */
export function renderSummary(report: RunReport): string {
  const { result } = report;
  const lines = [
    '## DatoCMS media cleanup',
    '',
    headline(report),
    '',
    ...countsTable(result),
    '',
    ...(result.plan === undefined
      ? []
      : [
          `- Plan: \`${escapeCode(result.plan.path)}\` (SHA-256 \`${result.plan.sha256}\`, made ${result.plan.madeAt.toISOString()}, ${describeBinding(result.plan)}): only its items that still qualify could be deleted`,
        ]),
    `- Environment: ${result.environment === undefined ? 'not known' : describeEnvironment(result.environment)}`,
    `- Jobs: ${result.jobs.length === 0 ? 'none' : listed(result.jobIds.map(code))}`,
    ...(result.pendingJobIds.length > 0 ? [`- Still running: ${listed(result.pendingJobIds.map(code))}`] : []),
    ...(result.unanswered.length > 0
      ? [`- Sent without an answer (may still take effect): ${capped(result.unanswered).map(escape).join('; ')}`]
      : []),
    ...(result.usedBulkDestroy
      ? ['- Deleted with `POST /uploads/bulk/destroy` (`DELETE /uploads/batch-destroy` does not exist on this API)']
      : []),
    ...verificationLine(result),
    ...(result.confirmation === undefined ? [] : [`- ${describeConfirmation(result.confirmation)}`]),
    ...(result.backup === undefined ? [] : [`- Backup: ${escape(describeBackup(result.backup))}`]),
    `- Duration: ${(report.durationMs / 1000).toFixed(1)} s`,
    ...(report.reportFile === undefined
      ? []
      : [`- Report: \`${escapeCode(report.reportFile)}\` (every item and its fate, as JSON)`]),
  ];
  if (result.failures.length > 0) lines.push('', ...notDeletedSection(result));
  if (result.skipped.length > 0) lines.push('', ...skippedSection(result));
  if (result.selection !== undefined) lines.push('', ...selectionSection(result, result.selection, report.reportFile));
  if (result.notes.length > 0) {
    lines.push('', '### Notes', '', ...capped(result.notes).map((note) => `- ${escape(note)}`));
  }
  lines.push(...applyThisPlan(report));
  return `${lines.join('\n')}\n`;
}

/** Selected, deleted and failed by kind; and skipped, when a plan was applied or an item skipped. */
function countsTable(result: CleanupResult): string[] {
  const { uploads, track } = result.counts;
  const applied = result.plan !== undefined || result.skipped.length > 0;
  const row = (cells: (string | number)[], extra: string | number) =>
    `| ${[...cells, ...(applied ? [extra] : [])].join(' | ')} |`;
  return [
    row(['', 'Selected', 'Deleted', 'Failed'], 'Skipped'),
    row(['---', '---:', '---:', '---:'], '---:'),
    row(['Uploads', result.requestedUploads, uploads.successful, uploads.failed], result.skippedOf('upload')),
    row(['Upload tracks', result.requestedTracks, track.successful, track.failed], result.skippedOf('track')),
    row(
      ['**Total**', `**${result.selected}**`, `**${result.successful}**`, `**${result.failed}**`],
      `**${result.skipped.length}**`,
    ),
  ];
}

/** Applying a plan: the items left alone because they changed since, by reason. */
function skippedSection(result: CleanupResult): string[] {
  const lines = [`### Skipped: ${result.skippedWhy}, not deleted`, ''];
  for (const [reason, ids] of result.skippedByReason())
    lines.push(`- ${reason} (${ids.length}): ${listed(ids.map(code))}`);
  return lines;
}

/**
 * A dry run's report is a plan: how to apply it in a later step or job, with the file, its
 * SHA-256 and the inputs to pass, ready to copy; or why its report is not a plan to apply.
 */
function applyThisPlan({ result, applyHint: hint, uses }: RunReport): string[] {
  if (hint === undefined) return [];
  if (hint.kind === 'not-whole') return ['', '### No plan to apply', '', escape(hint.message)];
  const items = result.selected - result.skipped.length;
  const intro = hint.ownReport
    ? `This dry run's report is a plan of ${items} item(s). Keep the file (e.g. with \`actions/upload-artifact\`), have it reviewed, then apply it in a later step or job: only its items that still qualify are deleted, and nothing else. It is sealed with a key from the API token: a reviewer may take items out of it (then leave plan-sha256 out, or give the edited file's), and anything added or changed is refused.`
    : `This dry run re-checked the plan below: ${items} of its item(s) still qualify. Apply it in a later step or job to delete those that still qualify then, and nothing else.`;
  return [
    '',
    '### Apply this plan',
    '',
    intro,
    '',
    '```yaml',
    `- uses: ${uses ?? './'}`,
    '  with:',
    '    api-token: ${{ secrets.DATOCMS_CMA_TOKEN }}',
    ...applyInputs(hint).map(([name, value]) => `    ${name}: ${value}`),
    '```',
  ];
}

/** The inputs that apply the plan, each value as YAML reads it. */
function applyInputs(hint: Extract<ApplyHint, { kind: 'apply' }>): [string, string][] {
  return [
    ['plan-file', JSON.stringify(escapeCode(hint.planFile))],
    ['plan-sha256', hint.planSha256],
    ...hint.inputs.map(([name, value]): [string, string] => [
      name,
      name === 'environment' ? value : JSON.stringify(escapeCode(value)),
    ]),
  ];
}

/** The log's line on applying a dry run's plan: the inputs of a later step, or why there is none. */
export function applyLogLine(hint: ApplyHint): string {
  if (hint.kind === 'not-whole') return hint.message;
  const inputs = applyInputs(hint)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  const what = hint.ownReport ? "This dry run's report is a plan" : 'This dry run re-checked a plan';
  return `${what}: apply it in a later step or job with ${inputs} (keep the file, e.g. as an artifact)`;
}

/**
 * With `verify`: how many of the selected uploads were looked up after their job, and any job's
 * claim that did not hold, and the uploads whose lookup could not confirm a finished job. Never
 * says more than was checked.
 */
function verificationLine({ verification, unconfirmed: lost, requestedUploads }: CleanupResult): string[] {
  if (!verification.enabled) return [];
  const unconfirmed =
    lost.why === undefined
      ? []
      : [
          `- Verify: :x: **${lost.uploads} upload(s) a job reported deleted could not be confirmed**: their lookup failed or was not trusted (${escape(lost.why)})`,
        ];
  if (verification.checked === 0) {
    return unconfirmed.length > 0 ? unconfirmed : ['- Verify: no upload was looked up (no upload job finished)'];
  }
  const checked = `- Verified: ${verification.checked} of ${requestedUploads} selected upload(s) looked up after their job with \`GET /uploads\``;
  if (verification.contradicted === 0)
    return [`${checked}; none that a job reported deleted still exists`, ...unconfirmed];
  return [
    `${checked}; :warning: **${verification.contradicted} upload(s) a job reported deleted still exist** and count as failed`,
    ...unconfirmed,
  ];
}

/** The items not deleted, by reason, with what to do about uploads in use. */
function notDeletedSection(result: CleanupResult): string[] {
  const lines = ['### Not deleted', ''];
  for (const [reason, ids] of result.failuresByReason())
    lines.push(`- ${reason} (${ids.length}): ${listed(ids.map(code))}`);
  const inUse = result.failedFor('in use by records');
  if (inUse > 0) lines.push('', `${inUse} upload(s) were kept because records use them. ${IN_USE_HINT}`);
  const sandboxTracks = result.failedFor(SANDBOX_TRACK);
  if (sandboxTracks > 0) lines.push('', `${sandboxTracks} track(s) were refused: ${SANDBOX_TRACK_WORDS}.`);
  return lines;
}

/** What to do about uploads in use, for the summary and the warning. */
export const IN_USE_HINT =
  "To leave such uploads out of a selection by criteria, set only-unused: 'true'; to delete them, first remove them from the records that use them.";

function headline({ result, error }: RunReport): string {
  if (error !== undefined) return `:x: **Failed:** ${escape(error)}`;
  const skipped = result.skipped.length > 0 ? ` ${result.skipped.length} skipped (${result.skippedWhy}).` : '';
  if (result.dryRun) {
    return `:mag: **Dry run**: ${result.selected - result.skipped.length} upload(s) and track(s) selected, nothing deleted.${skipped}`;
  }
  if (result.selected === 0) return 'Nothing to delete: no upload or track was selected.';
  if (result.failed > 0) return `:warning: ${result.successful} deleted, **${result.failed} not deleted**.${skipped}`;
  return `:white_check_mark: ${result.successful} deleted.${skipped}`;
}

/**
 * What was selected and why: the source and criteria in words, then every item with its picture
 * and fate (the review's table, as a pull-request comment shows it).
 */
function selectionSection(result: CleanupResult, selection: Selection, reportFile: string | undefined): string[] {
  const lines = ['### Selected', '', ...selection.described.map((line) => `- ${escape(line)}`)];
  lines.push(...selection.notes.map((note) => `- :warning: ${escape(note)}`));
  const table = mediaTable(result, SUMMARY_TABLE_CHARS, reportFile);
  if (table !== '') lines.push('', table.trimEnd());
  return lines;
}

function listed(items: readonly string[]): string {
  return capped(items).join(', ');
}

function capped(items: readonly string[]): string[] {
  if (items.length <= MAX_LISTED) return [...items];
  return [...items.slice(0, MAX_LISTED), `and ${items.length - MAX_LISTED} more`];
}

const code = (text: string): string => `\`${text}\``;

/** The restore's summary escapes as this one does: one escape, in core/review. */
