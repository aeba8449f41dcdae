/**
 * The comment's text: the run's review (core/review), the same Markdown the command writes with
 * --markdown-file, and the marker line a later run finds it by. Neither token can be in it: the
 * DatoCMS token never goes to GitHub, even echoed by an API answer.
 */
import { reviewMarkdown, reviewMarker } from '../../core/review/review-body.ts';
import type { RunSettings } from '../../core/build-settings.ts';
import type { RunEnd } from '../../core/run-end.ts';
import type { CleanupResult } from '../../core/result/result.ts';
import { markdownHider } from '../../core/review/markdown.ts';
import { ACTION } from '../../core/common/version.ts';

export interface CommentRun {
  readonly settings: RunSettings;
  readonly result: CleanupResult;
  readonly end: RunEnd;
  readonly startedAt: Date;
  readonly cancelled: boolean;
  readonly githubToken: string;
}

export function commentText(run: CommentRun): { readonly body: string; readonly marker: string } {
  const { settings, result, end } = run;
  const markdown = reviewMarkdown(result, {
    criteria: settings.criteria.described,
    environment: settings.environment,
    report: end.report,
    startedAt: run.startedAt,
    tool: ACTION,
    error: end.error?.message,
    cancelled: run.cancelled,
  });
  const hide = (text: string) => markdownHider(run.githubToken)(markdownHider(settings.apiToken)(text));
  return { body: hide(markdown), marker: reviewMarker(result.environment?.id ?? settings.environment ?? '') };
}
