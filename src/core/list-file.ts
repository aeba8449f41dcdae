import { isAbsolute, resolve } from 'node:path';
import { InputError } from './errors.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';

/** What the settings need of the file system: a narrow seam, so that the parsing is plain. */
export interface Files {
  /** What is at `path`; undefined when nothing is. Throws (EACCES...) when it cannot be told. */
  stat(
    path: string,
  ): { readonly kind: 'file' | 'directory' | 'other'; readonly size: number; readonly link?: boolean } | undefined;
  /**
   * The file's bytes, at most `maxBytes + 1` of them (a file that does not end, such as one of
   * /proc, is read no further).
   */
  read(path: string, maxBytes: number): Uint8Array;
  /**
   * The path with every symbolic link resolved (of its folders only, for a file that does not
   * exist yet), so that two spellings of one file compare equal; the path as given when it
   * cannot be told.
   */
  realPath?(path: string): string;
  /** The names in the folder at `path`. Throws (ENOENT, ENOTDIR...) when it cannot be listed. */
  entries?(path: string): readonly string[];
}

/** Where relative paths start, and where a report goes by default. */
export interface Places {
  /** The workspace (GITHUB_WORKSPACE, or the current directory outside a runner). */
  readonly workspace: string;
  /** Where the report goes when no path is given (RUNNER_TEMP for the action, the current folder for the command). */
  readonly reportDir: string;
  /** Files the run must never write over: the runner's own (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY...). */
  readonly reserved?: readonly string[];
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
  entry: {
    readonly isEntry: (text: string) => boolean;
    readonly what: string;
    /** Text that must not be in the file, and is never quoted: the API token. */
    readonly secret?: string;
    readonly wording?: Wording;
  },
): string[] {
  const absolute = resolvePath(path, places);
  const named = `${input} ${JSON.stringify(path)}`;
  const text = readText(named, absolute, files, entry.wording ?? ACTION_WORDING);
  const entries: string[] = [];
  // Line by line without splitting the whole text: 64 MiB of line ends must not make 67 million strings.
  const lineEnd = /\r\n|\r|\n/g;
  for (let start = 0, index = 0; start <= text.length; index++) {
    const found = lineEnd.exec(text);
    const end = found === null ? text.length : found.index;
    const line = text.slice(start, end);
    start = found === null ? text.length + 1 : end + found[0].length;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (entry.secret !== undefined && entry.secret !== '' && trimmed.includes(entry.secret)) {
      throw new InputError(
        `${named}, line ${index + 1}, holds the API token (not shown): that is not a list of IDs; check the path`,
      );
    }
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

function readText(named: string, absolute: string, files: Files, wording: Wording): string {
  const bytes = readBoundedFile(named, absolute, files, {
    maxBytes: MAX_LIST_FILE_BYTES,
    missing: `check the path; a relative path starts at ${wording.workspace}`,
    notAFile: 'give the path of a text file of IDs',
    tooLarge: `${named} is more than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MiB (${MAX_LIST_FILE_BYTES.toLocaleString('en-US')} bytes): split it over several ${wording.runs}`,
  });
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

/**
 * The bytes of the regular file at `absolute` (`named` in messages), at most `maxBytes`: one that
 * is missing, not a regular file, unreadable or larger is refused with InputError, each message
 * ending with what to do (`missing`, `notAFile`; `tooLarge` is the whole message).
 */
export function readBoundedFile(
  named: string,
  absolute: string,
  files: Files,
  refusals: {
    readonly maxBytes: number;
    readonly missing: string;
    readonly notAFile: string;
    readonly tooLarge: string;
  },
): Uint8Array {
  let found: ReturnType<Files['stat']>;
  try {
    found = files.stat(absolute);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  if (found === undefined)
    throw new InputError(`${named} does not exist (looked for ${absolute}): ${refusals.missing}`);
  if (found.kind !== 'file') {
    throw new InputError(
      `${named} is ${found.kind === 'directory' ? 'a directory' : 'not a regular file'}: ${refusals.notAFile}`,
    );
  }
  if (found.size > refusals.maxBytes) throw new InputError(refusals.tooLarge);
  let bytes: Uint8Array;
  try {
    bytes = files.read(absolute, refusals.maxBytes);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  // Its size said less (a file of /proc says 0), or it grew while read.
  if (bytes.length > refusals.maxBytes) throw new InputError(refusals.tooLarge);
  return bytes;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'an error';
}
