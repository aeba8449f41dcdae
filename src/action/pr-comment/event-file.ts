/**
 * The event file the runner writes (GITHUB_EVENT_PATH), read only for the events that name a pull
 * request, and never trusted blindly: a regular file of at most EVENT_MAX_BYTES, else a problem.
 */
import { nodeFiles } from '../../core/settings/node-files.ts';
import { readBoundedFile } from '../../core/settings/bounded-file.ts';
import { describeCause } from '../../core/common/errors.ts';
import type { Files } from '../../core/settings/files.ts';

/** A pull_request event is tens of kilobytes; GitHub caps webhook payloads at 25 MB. */
export const EVENT_MAX_BYTES = 25 * 2 ** 20;

/** The file's text, or the problem that kept it unread; undefined when no path is given. */
export function readEventFile(
  path: string | undefined,
  files: Files = nodeFiles,
): { readonly text: string } | { readonly problem: string } | undefined {
  if (path === undefined || path.trim() === '') return undefined;
  const refusals = {
    maxBytes: EVENT_MAX_BYTES,
    missing: 'it is missing',
    notAFile: 'it is not a file',
    tooLarge: `it is over ${EVENT_MAX_BYTES / 2 ** 20} MiB`,
  };
  try {
    const bytes = readBoundedFile('GITHUB_EVENT_PATH', path, files, refusals);
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    return { problem: describeCause(error) };
  }
}
