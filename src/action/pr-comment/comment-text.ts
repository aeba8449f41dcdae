/**
 * The comment's text: the run's review (core/review), the same Markdown the command writes with
 * --markdown-file, and the marker line a later run finds it by. Neither token can be in it: the
 * DatoCMS token never goes to GitHub, even echoed by an API answer.
 */
import { runReview, type ReviewedRun } from '../../core/review/review-body.ts';
import type { RunSettings } from '../../core/build-settings.ts';
import { markdownHider } from '../../core/review/markdown.ts';
import { ACTION } from '../../core/common/version.ts';

export interface CommentRun extends ReviewedRun {
  readonly settings: RunSettings;
  readonly githubToken: string;
}

export function commentText(run: CommentRun): { readonly body: string; readonly marker: string } {
  const { markdown, marker } = runReview(run.settings, run, ACTION);
  const hide = (text: string) => markdownHider(run.githubToken)(markdownHider(run.settings.apiToken)(text));
  return { body: hide(markdown), marker };
}
