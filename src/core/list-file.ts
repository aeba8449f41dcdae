import { isUtf8 } from 'node:buffer';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from './errors.ts';
import { shownValue } from './shown-value.ts';
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
/** `path` as given, absolute, relative ones taken from the workspace. */
export function resolvePath(path: string, places: Places): string {
  return isAbsolute(path) ? path : resolve(places.workspace, path);
}

/** What a list file holds, and what the run may take of it. */
export interface ListEntries {
  readonly isEntry: (text: string) => boolean;
  /** What an entry is, for messages: `an upload ID`. */
  readonly what: string;
  /** Why `text` is not an entry, quoting it safely; `what` is said when not given. */
  readonly why?: (text: string) => string | undefined;
  /** Text that must not be in the file, and is never quoted: the API token. */
  readonly secret?: string;
  readonly wording?: Wording;
  /**
   * Most different entries the run may take (max-deletions, when the file alone is the
   * selection): a file with more is refused with `tooMany(entries)` before its entries are kept.
   */
  readonly most?: { readonly count: number; readonly tooMany: (entries: number) => string };
}

/**
 * The entries of a list file (`input` names it in messages): separated by commas, whitespace and
 * newlines (LF, CRLF or CR); blank lines and lines starting with `#` are left out. The whole file
 * is checked before any entry is kept, byte by byte (entries are ASCII), so that a refused file
 * costs no more memory than its bytes: each entry must pass `isEntry`, the first that does not is
 * refused with its line number, quoted safely. A missing, unreadable, oversized or non-UTF-8
 * file, one holding the token, and one with more entries than `most` allows are refused too.
 */
export function readListFile(input: string, path: string, places: Places, files: Files, entry: ListEntries): string[] {
  const named = `${input} ${JSON.stringify(path)}`;
  const bytes = readText(named, resolvePath(path, places), files, entry.wording ?? ACTION_WORDING);
  refuseSecret(named, bytes, entry.secret);
  let count = 0;
  const different = new Set<string>();
  for (const found of entriesOf(bytes)) {
    const text = bytes.toString('utf8', found.start, found.end);
    if (!entry.isEntry(text)) throw new InputError(badEntry(named, bytes, found, text, entry));
    count++;
    if (entry.most !== undefined && different.size <= entry.most.count) different.add(text);
  }
  if (entry.most !== undefined && different.size > entry.most.count) {
    throw new InputError(entry.most.tooMany(count));
  }
  different.clear();
  const entries: string[] = [];
  for (const found of entriesOf(bytes)) entries.push(bytes.toString('latin1', found.start, found.end));
  return entries;
}

interface Found {
  readonly start: number;
  readonly end: number;
  /** Its line, counted from 1, and where that line starts. */
  readonly line: number;
  readonly lineStart: number;
}

const COMMA = 0x2c;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
/** Space, tab, vertical tab and form feed separate entries, as a comma does. */
const isBlank = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0c && byte !== LF);
const isSeparator = (byte: number): boolean => byte === CR || byte === LF || byte === COMMA || isBlank(byte);

/** Where each entry of the file is, comment lines skipped (and a UTF-8 byte order mark). */
function* entriesOf(bytes: Buffer): Generator<Found> {
  let line = 1;
  let lineStart = 0;
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let atLineStart = true;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    if (byte === CR || byte === LF) {
      index += byte === CR && bytes[index + 1] === LF ? 2 : 1;
      line++;
      lineStart = index;
      atLineStart = true;
    } else if (isBlank(byte)) {
      index++;
    } else if (byte === HASH && atLineStart) {
      while (index < bytes.length && bytes[index] !== CR && bytes[index] !== LF) index++;
    } else if (byte === COMMA) {
      index++;
      atLineStart = false;
    } else {
      const start = index;
      while (index < bytes.length && !isSeparator(bytes[index] ?? 0)) index++;
      atLineStart = false;
      yield { start, end: index, line, lineStart };
    }
  }
}

/** Names the bad entry's line; quotes no setting's value, and no more of the entry than is safe. */
function badEntry(named: string, bytes: Buffer, found: Found, text: string, entry: ListEntries): string {
  let lineEnd = found.end;
  while (lineEnd < bytes.length && bytes[lineEnd] !== CR && bytes[lineEnd] !== LF) lineEnd++;
  const line = bytes.toString('utf8', found.lineStart, Math.min(lineEnd, found.lineStart + 200)).trim();
  const where = `${named}, line ${found.line}`;
  if (line.includes('=')) {
    return `${where} holds ${shownValue(line)}, not ${entry.what}: this is not a list of IDs; check the path`;
  }
  const why = entry.why?.(text) ?? `${shownValue(text)} is not ${entry.what}`;
  return `${where}: ${why}: fix or remove that entry`;
}

/** The token is looked for in the bytes, once; the line it is on is named, never the token. */
function refuseSecret(named: string, bytes: Buffer, secret: string | undefined): void {
  if (secret === undefined || secret === '') return;
  const at = bytes.indexOf(secret, 0, 'utf8');
  if (at < 0) return;
  let line = 1;
  for (let index = 0; index < at; index++) {
    if (bytes[index] === LF || (bytes[index] === CR && bytes[index + 1] !== LF)) line++;
  }
  throw new InputError(
    `${named}, line ${line}, holds the API token (not shown): that is not a list of IDs; check the path`,
  );
}

function readText(named: string, absolute: string, files: Files, wording: Wording): Buffer {
  const read = readBoundedFile(named, absolute, files, {
    maxBytes: MAX_LIST_FILE_BYTES,
    missing: `check the path; a relative path starts at ${wording.workspace}`,
    notAFile: 'give the path of a text file of IDs',
    tooLarge: `${named} is more than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MiB (${MAX_LIST_FILE_BYTES.toLocaleString('en-US')} bytes): split it over several ${wording.runs}`,
  });
  const bytes = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
  if (!isUtf8(bytes)) {
    throw new InputError(`${named} is not UTF-8 text (a binary file?): give a text file of IDs, one or more a line`);
  }
  if (bytes.includes(0)) {
    throw new InputError(
      `${named} holds NUL bytes, so it is not a text file: give a text file of IDs, one or more a line`,
    );
  }
  return bytes;
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
