/** The picture table of a run's items: one row an upload or track, capped to a number of characters. */
import { byteSize } from '../common/byte-size.ts';
import type { UploadInfo } from '../cma/upload-listing.ts';
import { listedUploads, reasonOf, trackNames } from '../report/run-report.ts';
import type { ItemState } from '../result/item-ledger.ts';
import type { CleanupResult } from '../result/result.ts';
import { attribute, clip, codeId, count, escape, escapeCode } from './markdown.ts';
import { THUMBNAIL_SHOWN, pictureOf } from './thumbnail.ts';

/** One item of the run, as the table shows it. */
export interface MediaRow {
  readonly kind: 'upload' | 'track';
  readonly id: string;
  readonly state: ItemState;
  /** Why it was skipped, or failed; undefined for the other fates. */
  readonly reason: string | undefined;
  /** What was listed of an upload; undefined for a track, or an upload not listed. */
  readonly listed?: UploadInfo | undefined;
  /** A track's name. */
  readonly name?: string | undefined;
}

/** Rows shown before the rest goes into a collapsed `<details>`. */
export const OPEN_ROWS = 20;
/** Most characters of a filename, a tag list or a reason shown: the report holds them whole. */
const MOST_SHOWN = 120;
const MOST_TAGS = 10;

const HEAD = ['| Picture | File | Size | Created | Tags | Fate |', '| :---: | --- | ---: | --- | --- | --- |'];

/**
 * Every item in selection order, uploads then tracks, each with what was listed of it: the
 * report's own join (listedUploads, trackNames, reasonOf), made one row at a time.
 */
export function* mediaRows(result: CleanupResult): Generator<MediaRow> {
  const jobIds = result.jobIds;
  const listed = listedUploads(result);
  const why = (id: string, state: ItemState) =>
    state.fate === 'failed' || state.fate === 'skipped'
      ? (reasonOf(state, result.unansweredItems.has(id)) ?? undefined)
      : undefined;
  for (const [id, state] of result.uploadItems.entries(jobIds)) {
    yield { kind: 'upload', id, state, reason: why(id, state), listed: listed.get(id) };
  }
  const names = trackNames(result);
  for (const [id, state] of result.trackItems.entries(jobIds)) {
    yield { kind: 'track', id, state, reason: why(id, state), name: names.get(id) };
  }
}

/** One row of the table, on one line. */
export function rowMarkdown(row: MediaRow): string {
  const fate = `**${row.state.fate}**${row.reason === undefined ? '' : `: ${escape(clip(row.reason, MOST_SHOWN))}`}`;
  if (row.kind === 'track') {
    const name = row.name === undefined ? '' : `${escape(clip(row.name, MOST_SHOWN))}<br>`;
    return `| track | ${name}${codeId(row.id)} | | | | ${fate} |`;
  }
  const upload = row.listed;
  if (upload === undefined) return `| not listed | ${codeId(row.id)} | | | | ${fate} |`;
  const name = upload.filename === '' ? '' : `${escape(clip(upload.filename, MOST_SHOWN))}<br>`;
  const tags = (upload.tags ?? []).slice(0, MOST_TAGS).map((tag) => escape(clip(tag, 40)));
  const more = (upload.tags?.length ?? 0) > MOST_TAGS ? [`+${(upload.tags?.length ?? 0) - MOST_TAGS}`] : [];
  const created = /^\d{4}-\d{2}-\d{2}/.exec(upload.createdAt ?? '')?.[0] ?? '';
  const cells = [pictureCell(upload), `${name}${codeId(row.id)}`, byteSize(upload.size), created];
  return `| ${[...cells, [...tags, ...more].join(', '), fate].join(' | ')} |`;
}

/** The thumbnail as an `<img>` GitHub shows (through its image proxy), or the format in words. */
function pictureCell(upload: UploadInfo): string {
  const picture = pictureOf(upload);
  if (picture.kind === 'file') return picture.words;
  const alt = attribute(clip(upload.filename === '' ? picture.kind : upload.filename, MOST_SHOWN));
  return `<img src="${picture.src.replace(/&/g, '&amp;')}" width="${THUMBNAIL_SHOWN}" height="${THUMBNAIL_SHOWN}" alt="${alt}">`;
}

/**
 * The table in at most `maxChars` characters (line breaks included): the first OPEN_ROWS rows
 * open, the next ones in a collapsed `<details>`, and the rows that did not fit counted, with
 * where the report lists them. Rows are made only as long as they fit: a 100,000-item run costs
 * what is shown.
 */
export function mediaTable(result: CleanupResult, maxChars: number, reportPath?: string): string {
  const total = result.uploadItems.size + result.trackItems.size;
  if (total === 0) return '';
  const where = reportPath === undefined ? 'the report' : `the report \`${escapeCode(clip(reportPath, 300))}\``;
  const rest = (n: number) => `and ${count(n)} more: see ${where}`;
  // Room kept for what closes the table, whatever is cut: the details' end and the count of the rest.
  const closing = `\n\n</details>\n\n${rest(total)}\n`.length;
  const summary = (n: number) => `<details><summary>${count(n)} more</summary>\n\n`;
  const open = [...HEAD];
  const folded: string[] = [];
  let used = HEAD.join('\n').length + 1 + summary(total).length + HEAD.join('\n').length + 1 + closing;
  let shown = 0;
  for (const row of mediaRows(result)) {
    const line = rowMarkdown(row);
    if (used + line.length + 1 > maxChars) break;
    used += line.length + 1;
    (shown < OPEN_ROWS ? open : folded).push(line);
    shown++;
  }
  if (shown === 0) return `${rest(total)}\n`;
  const parts = [open.join('\n')];
  if (folded.length > 0) parts.push(`${summary(folded.length)}${[...HEAD, ...folded].join('\n')}\n\n</details>`);
  if (shown < total) parts.push(rest(total - shown));
  return `${parts.join('\n\n')}\n`;
}
