/** `--markdown-file PATH`: the review (core/review) written where any CI can post it, e.g. a merge request note. */
import { resolve, sep } from 'node:path';
import { defaultReportName, type RunSettings } from '../core/build-settings.ts';
import { describeCause, InputError } from '../core/common/errors.ts';
import { COMMAND } from '../core/common/version.ts';
import { markdownHider } from '../core/review/markdown.ts';
import { runReview, type ReviewedRun } from '../core/review/review-body.ts';
import type { Host } from '../core/seams.ts';
import { resolvePath } from '../core/settings/files.ts';
import { parsePath, reportPath } from '../core/settings/run-files.ts';
import { quote } from '../core/settings/values.ts';

const FLAG = '--markdown-file';

/**
 * Where the review goes, absolute; undefined without the flag. Refused (InputError, before any
 * request) over a file the run reads or writes: the report, a list file, the plan, or inside the
 * backup folder, as report-file is.
 */
export function markdownTarget(given: string | undefined, settings: RunSettings, host: Host): string | undefined {
  const path = given === undefined ? undefined : parsePath(FLAG, given);
  if (path === undefined) return undefined;
  const target = resolve(resolvePath(path, host.places));
  const real = (file: string) => host.files.realPath?.(resolve(file)) ?? resolve(file);
  const same = (file: string | undefined) =>
    file !== undefined &&
    (resolve(resolvePath(file, host.places)) === target || real(resolvePath(file, host.places)) === real(target));
  const report = reportPath(settings, host.places, defaultReportName(settings.plan));
  const owned: [string | undefined, string][] = [
    [report, 'the report'],
    [settings.uploadIdsFile, 'a list file the run reads'],
    [settings.uploadTracksFile, 'a list file the run reads'],
    [settings.plan?.path, 'the plan the run applies'],
  ];
  for (const [file, what] of owned) {
    if (same(file)) throw new InputError(`${FLAG} ${quote(path)} is ${what}: choose another path for the review`);
  }
  const backup = settings.backupDir === undefined ? undefined : resolve(resolvePath(settings.backupDir, host.places));
  if (backup !== undefined && (target === backup || target.startsWith(`${backup}${sep}`))) {
    throw new InputError(`${FLAG} ${quote(path)} is inside backup-dir: choose a path outside that folder`);
  }
  return target;
}

/** How the run ended, as the review tells it. */
/**
 * Writes the review to `path`, whatever ended the run, without the token; returns the line that
 * says where (or why not), and whether it was written.
 */
export function writeReview(
  path: string,
  settings: RunSettings,
  ending: ReviewedRun,
  host: Pick<Host, 'writeText'>,
): { readonly line: string; readonly written: boolean } {
  const { markdown } = runReview(settings, ending, COMMAND);
  try {
    host.writeText(path, [markdownHider(settings.apiToken)(markdown)]);
    return { line: `Review: ${path} (Markdown with the pictures, for a pull-request comment)`, written: true };
  } catch (error) {
    return { line: `Review: not written to ${path} (${describeCause(error)})`, written: false };
  }
}
