import { isUtf8 } from 'node:buffer';
import { InputError } from '../common/errors.ts';
import { CR, endsLine, LF, ListScanner, type ScanEvents, type ScannedEntry } from './list-scan.ts';
import { shownValue } from '../common/shown-value.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';
import { type Files, type Places, resolvePath } from './files.ts';
import { type FileRefusals, checkRegularFile, codeOf } from './bounded-file.ts';

/** A list file larger than this is refused unread: 64 MiB hold millions of IDs. */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;

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
 * newlines (LF, CRLF or CR); blank lines and lines starting with `#` are left out. The file is
 * read twice, in pieces: once to check it whole (each entry must pass `isEntry`; the first that
 * does not is refused with its line number, quoted safely), once to keep its entries. So a
 * refused file, however large, costs little memory. A missing, unreadable, oversized or non-UTF-8
 * file, one holding NUL bytes or the token, and one with more different entries than `most`
 * allows are refused too.
 */
export function readListFile(
  input: string,
  path: string,
  places: Places,
  files: Files,
  entry: ListEntries,
): ListFileEntries {
  const named = `${input} ${JSON.stringify(path)}`;
  const absolute = resolvePath(path, places);
  const wording = entry.wording ?? ACTION_WORDING;
  const refusals = listRefusals(named, wording);
  checkRegularFile(named, absolute, files, refusals);
  let count = 0;
  const different = new Set<string>();
  const over = () => entry.most !== undefined && different.size > entry.most.count;
  scanFile(named, absolute, files, refusals, entry.secret, {
    wantText: () => true,
    entry: (found) => {
      count++;
      const text = found.length > found.text.length ? undefined : asText(found.text);
      if (text === undefined || !entry.isEntry(text)) {
        const line = lineText(named, absolute, files, refusals.maxBytes, found.line);
        throw new InputError(badEntry(named, found, line, entry));
      }
      // Past the cap the file is refused for its size: a bad entry is still named first.
      if (entry.most !== undefined && !over()) different.add(text);
    },
  });
  if (entry.most !== undefined && over()) throw new InputError(entry.most.tooMany(count));
  different.clear();
  // Each entry once, in the order of its first line: a file of one ID repeated a million times is one ID.
  const entries = new Set<string>();
  let again = 0;
  scanFile(named, absolute, files, refusals, entry.secret, {
    wantText: () => true,
    entry: (found) => {
      again++;
      entries.add(found.text);
    },
  });
  if (again !== count) throw new InputError(`${named} changed while it was read: run again once it is written`);
  return { entries: [...entries], count };
}

/** What a list file holds: each entry once, at its first occurrence's place, and how many it named in all. */
export interface ListFileEntries {
  readonly entries: readonly string[];
  /** Every entry, those given twice counted twice. */
  readonly count: number;
}

/** The first 200 bytes of line `number` (from 1) of the file, trimmed, as UTF-8 text. */
function lineText(named: string, absolute: string, files: Files, maxBytes: number, number: number): string {
  const kept: Buffer[] = [];
  let line = 1;
  let size = 0;
  let afterCR = false;
  for (const read of pieces(named, absolute, files, maxBytes)) {
    const piece = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    let start = 0;
    for (; line < number && start < piece.length; start++) {
      const byte = piece[start] ?? 0;
      if (endsLine(byte, afterCR)) line++;
      afterCR = byte === CR;
    }
    if (line < number) continue;
    // The LF of a CRLF whose CR ended the line before, in this piece or the last.
    if (afterCR && start < piece.length) {
      if (piece[start] === LF) start++;
      afterCR = false;
    }
    let end = start;
    while (end < piece.length && piece[end] !== LF && piece[end] !== CR && size + end - start < 200) end++;
    kept.push(Buffer.from(piece.subarray(start, end)));
    size += end - start;
    if (end < piece.length || size >= 200) break;
  }
  return Buffer.concat(kept).toString('utf8').trim();
}

/** The entry's bytes as text: ASCII as it is, other UTF-8 decoded (it is no entry then, but is quoted). */
function asText(latin1: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(latin1) ? latin1 : Buffer.from(latin1, 'latin1').toString('utf8');
}

/** Says what is wrong with an entry, quoting no setting's value and no more of it than is safe. */
function badEntry(named: string, found: ScannedEntry, line: string, entry: ListEntries): string {
  const text = asText(found.text);
  const where = `${named}, line ${found.line}`;
  // `NAME=value`, `export NAME=value`, `name = value`: a settings file, whatever the entry.
  if (line.includes('=')) {
    return `${where} holds ${shownValue(line)}, not ${entry.what}: this is not a list of IDs; check the path`;
  }
  if (found.length > found.text.length) {
    return `${where}: an entry of ${found.length.toLocaleString('en-US')} bytes is not ${entry.what}: fix or remove it`;
  }
  const why = entry.why?.(text) ?? `${shownValue(text)} is not ${entry.what}`;
  return `${where}: ${why}: fix or remove that entry`;
}

type ScanHandlers = Omit<ScanEvents, 'secret'>;

/** Reads the file in pieces through the scanner, checking its size, its UTF-8 and its bytes. */
function scanFile(
  named: string,
  absolute: string,
  files: Files,
  refusals: FileRefusals,
  secret: string | undefined,
  handlers: ScanHandlers,
): void {
  const scanner = new ListScanner(
    {
      ...handlers,
      secret: (line) => {
        throw new InputError(
          `${named}, line ${line}, holds the API token (not shown): that is not a list of IDs; check the path`,
        );
      },
    },
    secret,
  );
  const notUtf8 = new InputError(`${named} is not UTF-8 text (a binary file?): ${ONE_A_LINE}`);
  let total = 0;
  let carry = Buffer.alloc(0);
  for (const read of pieces(named, absolute, files, refusals.maxBytes)) {
    const piece = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    total += piece.length;
    if (total > refusals.maxBytes) throw new InputError(refusals.tooLarge);
    // A character cut by the piece's end is checked with the next piece.
    const data = carry.length === 0 ? piece : Buffer.concat([carry, piece]);
    const cut = wholeCharacters(data);
    if (!isUtf8(data.subarray(0, cut))) throw notUtf8;
    if (piece.includes(0)) throw new InputError(`${named} holds NUL bytes, so it is not a text file: ${ONE_A_LINE}`);
    carry = Buffer.from(data.subarray(cut));
    scanner.feed(piece);
  }
  if (carry.length > 0) throw notUtf8;
  scanner.end();
}

/** Where the last whole UTF-8 character of `bytes` ends: before a lead byte whose sequence is cut. */
function wholeCharacters(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needs > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

const ONE_A_LINE = 'give a text file of IDs, one or more a line';

/** The file's bytes in pieces (`chunks` when the seam has it, else the whole of `read`). */
function pieces(named: string, absolute: string, files: Files, maxBytes: number): Iterable<Uint8Array> {
  const cannot = (error: unknown) =>
    new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  try {
    if (files.chunks === undefined) return [files.read(absolute, maxBytes)];
    const chunks = files.chunks(absolute, maxBytes)[Symbol.iterator]();
    return {
      [Symbol.iterator]: () => ({
        next: () => {
          try {
            return chunks.next();
          } catch (error) {
            throw cannot(error);
          }
        },
      }),
    };
  } catch (error) {
    throw cannot(error);
  }
}

function listRefusals(named: string, wording: Wording): FileRefusals {
  return {
    maxBytes: MAX_LIST_FILE_BYTES,
    missing: `check the path; a relative path starts at ${wording.workspace}`,
    notAFile: 'give the path of a text file of IDs',
    tooLarge: `${named} is more than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MiB (${MAX_LIST_FILE_BYTES.toLocaleString('en-US')} bytes): split it over several ${wording.runs}`,
  };
}
