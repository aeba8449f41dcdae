import { isAbsolute, resolve } from 'node:path';
import { InputError } from './errors.ts';

/** What the settings need of the file system: a narrow seam, so that the parsing is plain. */
export interface Files {
  /** What is at `path`; undefined when nothing is. Throws (EACCES...) when it cannot be told. */
  stat(path: string): { readonly kind: 'file' | 'directory' | 'other'; readonly size: number } | undefined;
  /** The file's bytes. */
  read(path: string): Uint8Array;
}

/** Where relative paths start, and where a report goes by default. */
export interface Places {
  /** The workspace (GITHUB_WORKSPACE, or the current directory outside a runner). */
  readonly workspace: string;
  /** A folder for the run's files (RUNNER_TEMP, or the system's temporary folder). */
  readonly temp: string;
}

/** A list file larger than this is refused unread: 64 MiB hold millions of IDs. */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;
/** Most characters of a bad line quoted in an error: a wrong path must not print a file into a public log. */
const MAX_QUOTED = 40;

/** `path` as given, absolute, relative ones taken from the workspace. */
export function resolvePath(path: string, places: Places): string {
  return isAbsolute(path) ? path : resolve(places.workspace, path);
}

/**
 * The entries of a list file (`input` names it in messages): separated by commas, whitespace and
 * newlines (LF or CRLF); blank lines and lines starting with `#` are left out. Each entry must
 * pass `isEntry`; the first one that does not is refused with its line number and at most 40
 * characters of its line. A missing, unreadable, oversized or non-UTF-8 file is refused too.
 */
export function readListFile(
  input: string,
  path: string,
  places: Places,
  files: Files,
  entry: { readonly isEntry: (text: string) => boolean; readonly what: string },
): string[] {
  const absolute = resolvePath(path, places);
  const named = `${input} ${JSON.stringify(path)}`;
  const text = readText(named, absolute, files);
  const entries: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    for (const item of trimmed.split(/[\s,]+/)) {
      if (item === '') continue;
      if (!entry.isEntry(item)) {
        const shown = trimmed.length > MAX_QUOTED ? `${trimmed.slice(0, MAX_QUOTED)}...` : trimmed;
        throw new InputError(
          `${named}, line ${index + 1}: ${JSON.stringify(shown)} holds an entry that is not ${entry.what}: fix or remove that line`,
        );
      }
      entries.push(item);
    }
  }
  return entries;
}

function readText(named: string, absolute: string, files: Files): string {
  let found: ReturnType<Files['stat']>;
  try {
    found = files.stat(absolute);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  if (found === undefined) {
    throw new InputError(
      `${named} does not exist (looked for ${absolute}): check the path; a relative path starts at the workspace`,
    );
  }
  if (found.kind !== 'file') {
    throw new InputError(
      `${named} is ${found.kind === 'directory' ? 'a directory' : 'not a regular file'}: give the path of a text file of IDs`,
    );
  }
  if (found.size > MAX_LIST_FILE_BYTES) {
    throw new InputError(
      `${named} is ${(found.size / 1024 / 1024).toFixed(0)} MiB, more than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MiB: split it over several steps`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = files.read(absolute);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${named} is not UTF-8 text (a binary file?): give a text file of IDs, one or more a line`);
  }
  if (text.includes('\0')) {
    throw new InputError(
      `${named} holds NUL bytes, so it is not a text file: give a text file of IDs, one or more a line`,
    );
  }
  return text;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'an error';
}
