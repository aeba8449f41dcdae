/** A run's review as Markdown for a pull-request comment or any CI's note: what it plans or did, with pictures. */
import type { CleanupResult } from '../result/result.ts';
import { listedUploads } from '../report/run-report.ts';
import { byteSize } from '../common/byte-size.ts';
import { clip, codeId, count, escape, escapeCode } from './markdown.ts';
import { mediaTable } from './media-table.ts';

/** What the review says besides the result: the run's settings, report, start and tool. */
export interface ReviewContext {
  /** The criteria in words (`settings.criteria.described`); empty when the IDs given are the selection. */
  readonly criteria: readonly string[];
  /** The environment asked for (`environment`); undefined for the primary. */
  readonly environment: string | undefined;
  /** The report as written (`RunEnd.report`): its path and SHA-256, or why it could not be written. */
  readonly report: {
    readonly path: string;
    readonly sha256?: string | undefined;
    readonly problem?: string | undefined;
  };
  /** When the run started: when a dry run's plan was made. */
  readonly startedAt: Date;
  readonly tool: { readonly name: string; readonly version: string };
  /** The fatal error's message, when the run failed. */
  readonly error?: string | undefined;
  readonly cancelled?: boolean | undefined;
}

/** The most characters GitHub takes in a comment's body. */
export const REVIEW_MAX_CHARS = 65_536;

/** What the review is of: a dry run's plan, a dry run re-checking a plan, or what an apply did. */
export type ReviewKind = 'Plan' | 'Re-check' | 'Outcome';

export function reviewKind(result: Pick<CleanupResult, 'dryRun' | 'plan'>): ReviewKind {
  if (!result.dryRun) return 'Outcome';
  return result.plan === undefined ? 'Plan' : 'Re-check';
}

/**
 * The review's first line, hidden on GitHub: how a later run finds its own comment for the same
 * environment. The environment is cut to letters, digits, `_` and single `-` (no `--` may end
 * the comment), and no text of the API can hold `<` (see escape): nothing else in a review can
 * forge it. reviewMarkdown's first line is the marker of the environment as the API named it,
 * else as asked (`primary` for an unconfirmed primary).
 */
export function reviewMarker(environment: string): string {
  const id =
    environment
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .replace(/-{2,}/g, '-')
      .slice(0, 64) || 'primary';
  return `<!-- datocms-media-cleanup review environment=${id} -->`;
}

/** Most criteria lines shown, and characters of each: a filter of thousands of values stays a line. */
const MOST_CRITERIA = 10;
const MOST_LINE = 300;

/**
 * The review: the marker, what it is (Plan, Re-check or Outcome) with its counts and size, the
 * environment, the criteria, the plan's SHA-256 and when it was made, then the picture table of
 * every item as far as `maxChars` allows (the rest counted), never longer than `maxChars`.
 */
export function reviewMarkdown(result: CleanupResult, context: ReviewContext, maxChars = REVIEW_MAX_CHARS): string {
  const kind = reviewKind(result);
  const head = [
    markerOf(result, context.environment),
    `## DatoCMS media cleanup: ${kind}`,
    '',
    ...endLine(context),
    countsLine(result, kind),
    '',
    `- Environment: ${environmentWords(result, context.environment)}`,
    ...criteriaLines(context.criteria),
    ...planLines(result, context, kind),
    '',
  ].join('\n');
  const foot = `\n<sub>${escape(`${context.tool.name} ${context.tool.version}`)}</sub>\n`;
  const room = maxChars - head.length - foot.length - 1;
  const table = room > 0 ? mediaTable(result, room, context.report.path) : '';
  const body = `${head}\n${table}${foot}`;
  // The parts above are bounded; this holds the promise whatever a caller's maxChars.
  return body.length <= maxChars ? body : `${head}${foot}`.slice(0, maxChars);
}

function endLine(context: ReviewContext): string[] {
  if (context.cancelled === true) return [':x: **Cancelled**: what is below is what was known then.', ''];
  if (context.error === undefined) return [];
  return [`:x: **Failed:** ${escape(clip(context.error, MOST_LINE))}`, ''];
}

/** The counts at a glance, with the size of the uploads they are about. */
function countsLine(result: CleanupResult, kind: ReviewKind): string {
  const uploads = result.uploadItems.countFates();
  const tracks = result.trackItems.countFates();
  const of = (fate: keyof typeof uploads) => uploads[fate] + tracks[fate];
  const skipped = of('skipped') > 0 ? `; ${count(of('skipped'))} skipped (${result.skippedWhy})` : '';
  if (kind !== 'Outcome') {
    const items = `${count(uploads.selected)} upload(s) and ${count(tracks.selected)} track(s)`;
    const size = sizeOf(result, 'selected');
    const what = kind === 'Plan' ? `${items} to delete` : `${items} of the plan still qualify`;
    return `**${what}** (${size})${skipped}; nothing deleted yet.`;
  }
  const open = of('pending') + of('unknown');
  const pending = open > 0 ? `; ${count(open)} pending or unknown (see the report)` : '';
  return `**${count(of('deleted'))} deleted** (${sizeOf(result, 'deleted')}), **${count(of('failed'))} not deleted**${skipped}${pending}.`;
}

/** The listed size of the uploads of `fate`. */
function sizeOf(result: CleanupResult, fate: 'selected' | 'deleted'): string {
  const listed = listedUploads(result);
  let bytes = 0;
  for (const [id, state] of result.uploadItems.entries(result.jobIds)) {
    if (state.fate === fate) bytes += listed.get(id)?.size ?? 0;
  }
  return bytes === 0 ? 'size not listed' : byteSize(bytes);
}

/** The environment as the API named it, or as asked when it could not be looked up. */
function environmentWords(result: CleanupResult, requested: string | undefined): string {
  const environment = result.environment;
  if (environment === undefined) {
    return `${requested === undefined ? 'the primary environment' : `environment ${codeId(requested)}`} (not looked up)`;
  }
  if (environment.unconfirmed !== undefined) {
    const which = environment.id === undefined ? 'the primary environment' : `environment ${codeId(environment.id)}`;
    return `${which} (not confirmed: ${escape(clip(environment.unconfirmed, MOST_LINE))})`;
  }
  return `${environment.primary === true ? 'primary' : 'sandbox'} environment ${codeId(environment.id ?? '')}`;
}

function criteriaLines(criteria: readonly string[]): string[] {
  if (criteria.length === 0) return ['- Criteria: none (the IDs given are the selection)'];
  const shown = criteria.slice(0, MOST_CRITERIA).map((line) => `  - ${escape(clip(line, MOST_LINE))}`);
  const more = criteria.length > MOST_CRITERIA ? [`  - and ${count(criteria.length - MOST_CRITERIA)} more`] : [];
  return ['- Criteria:', ...shown, ...more];
}

/** The plan: the one applied (its SHA-256 and date), or the one this dry run's report is. */
function planLines(result: CleanupResult, context: ReviewContext, kind: ReviewKind): string[] {
  const { report } = context;
  const written = report.problem === undefined;
  const reportLine = written
    ? `- Report: \`${escapeCode(clip(report.path, MOST_LINE))}\``
    : `- Report: not written (${escape(clip(report.problem ?? '', MOST_LINE))})`;
  if (result.plan !== undefined) {
    const plan = result.plan;
    // A reviewer keeps uploads by taking their lines out of the plan: the seal counts them.
    const removed =
      plan.removed > 0
        ? [`- Removed from the plan since it was made: **${plan.removed}** item(s), kept (never deleted)`]
        : [];
    return [
      `- Plan: \`${escapeCode(clip(plan.path, MOST_LINE))}\`, SHA-256 \`${hex(plan.sha256)}\`, made ${plan.madeAt.toISOString()}`,
      ...removed,
      reportLine,
    ];
  }
  const sha = written && report.sha256 !== undefined ? `SHA-256 \`${hex(report.sha256)}\`` : 'SHA-256 unknown';
  const path = written ? `\`${escapeCode(clip(report.path, MOST_LINE))}\`` : 'not written';
  const when = context.startedAt.toISOString();
  if (kind === 'Plan') return [`- Plan: this dry run's report: ${path}, ${sha}, made ${when}`];
  return [`- Report: ${path}, ${sha}; the run started ${when}`];
}

/** A SHA-256 as hex, or `unknown`: it is put in a code span. */
function hex(sha256: string): string {
  return /^[0-9a-f]{64}$/i.test(sha256) ? sha256 : 'unknown';
}

/** The marker of a run's review: the environment as looked up, else as requested. */
function markerOf(result: CleanupResult, requested: string | undefined): string {
  return reviewMarker(result.environment?.id ?? requested ?? '');
}

/** How a run ended, as each front door hands it to its review (the run's `RunEnd` is one). */
export interface ReviewedRun {
  readonly result: CleanupResult;
  readonly end: { readonly report: ReviewContext['report']; readonly error: Error | undefined };
  readonly startedAt: Date;
  readonly cancelled: boolean;
}

/**
 * The review of a run that ended, and the marker its first line is: what the action comments and
 * the command writes with --markdown-file, the same but for the tool that names itself.
 */
export function runReview(
  settings: { readonly criteria: { readonly described: readonly string[] }; readonly environment: string | undefined },
  { result, end, startedAt, cancelled }: ReviewedRun,
  tool: ReviewContext['tool'],
): { readonly markdown: string; readonly marker: string } {
  const context = {
    criteria: settings.criteria.described,
    environment: settings.environment,
    report: end.report,
    startedAt,
    tool,
    error: end.error?.message,
    cancelled,
  };
  return { markdown: reviewMarkdown(result, context), marker: markerOf(result, settings.environment) };
}
