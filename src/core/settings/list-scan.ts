/**
 * A list file read piece by piece: entries separated by commas, whitespace and line ends (LF,
 * CRLF or CR), lines whose first word starts with `#` left out, a UTF-8 byte order mark skipped.
 * Bytes are scanned as they come, so that a file of millions of entries is never held whole, and
 * an entry is a string only when asked for. The API token is looked for in every byte (comments
 * too), split across pieces or not.
 */

/** One entry: its text (bytes as Latin-1, at most MAX_TEXT of them), its length and its line. */
export interface ScannedEntry {
  readonly text: string;
  readonly length: number;
  readonly line: number;
}

/** What a caller hears of the scan. */
export interface ScanEvents {
  /** Whether entries need their text (false: they are only counted). */
  readonly wantText: () => boolean;
  readonly entry: (entry: ScannedEntry) => void;
  /** The secret was seen, ending on `line`. */
  readonly secret: (line: number) => void;
}

/** Longer entries keep only this much text: no entry of a list is nearly as long. */
const MAX_TEXT = 1024;
const COMMA = 0x2c;
const HASH = 0x23;
export const CR = 0x0d;
export const LF = 0x0a;
/** Whether `byte` ends a line: a CR does, and an LF unless it follows a CR (a CRLF is one end). */
export const endsLine = (byte: number, afterCR: boolean): boolean => byte === CR || (byte === LF && !afterCR);
/** Space, tab, vertical tab and form feed separate entries, as a comma does. */
const isBlank = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0c && byte !== LF);
const isSeparator = (byte: number): boolean => byte === CR || byte === LF || byte === COMMA || isBlank(byte);

export class ListScanner {
  private line = 1;
  private atLineStart = true;
  private inComment = false;
  private afterCR = false;
  private started = false;
  private entry: { text: string; length: number; line: number } | undefined;
  private readonly secret: Buffer | undefined;
  /** The previous piece's last bytes, one fewer than the secret's: a secret split between pieces. */
  private tail = Buffer.alloc(0);
  private readonly events: ScanEvents;

  constructor(events: ScanEvents, secret: string | undefined) {
    this.events = events;
    this.secret = secret === undefined || secret === '' ? undefined : Buffer.from(secret, 'utf8');
  }

  /** Scans the next piece of the file. */
  feed(bytes: Uint8Array): void {
    let index = 0;
    if (!this.started) {
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
    }
    if (this.secret !== undefined) this.findSecret(bytes, index);
    while (index < bytes.length) index = this.step(bytes, index);
  }

  /** The end of the file: an entry it ends in is the last. */
  end(): void {
    this.closeEntry();
  }

  /** Scans from `index`, as far as one kind of byte run goes; returns where it stopped. */
  private step(bytes: Uint8Array, index: number): number {
    const byte = bytes[index] ?? 0;
    const afterCR = this.afterCR;
    this.afterCR = false;
    if (this.entry !== undefined) return this.extendEntry(bytes, index);
    if (byte === LF && afterCR) return index + 1; // the LF of a CRLF whose CR ended the last piece
    if (byte === CR || byte === LF) {
      this.line++;
      this.atLineStart = true;
      this.inComment = false;
      this.afterCR = byte === CR;
      return index + 1;
    }
    if (this.inComment || (byte === HASH && this.atLineStart)) {
      this.inComment = true;
      let end = index;
      while (end < bytes.length && bytes[end] !== CR && bytes[end] !== LF) end++;
      return end;
    }
    if (byte !== COMMA && !isBlank(byte)) {
      this.entry = { text: '', length: 0, line: this.line };
      this.atLineStart = false;
      return this.extendEntry(bytes, index);
    }
    if (byte === COMMA) this.atLineStart = false;
    return index + 1;
  }

  private extendEntry(bytes: Uint8Array, index: number): number {
    const entry = this.entry;
    if (entry === undefined) return index;
    let end = index;
    while (end < bytes.length && !isSeparator(bytes[end] ?? 0)) end++;
    if (entry.text.length < MAX_TEXT && this.events.wantText()) {
      const take = Math.min(end, index + MAX_TEXT - entry.text.length);
      entry.text += Buffer.from(bytes.buffer, bytes.byteOffset + index, take - index).toString('latin1');
    }
    entry.length += end - index;
    if (end < bytes.length) this.closeEntry();
    return end;
  }

  private closeEntry(): void {
    if (this.entry === undefined) return;
    this.events.entry(this.entry);
    this.entry = undefined;
  }

  /**
   * Looks for the secret in the piece, and across its start (the previous piece's last bytes
   * kept); says on which line it ends (a token holds no line end).
   */
  private findSecret(bytes: Uint8Array, from: number): void {
    const secret = this.secret;
    if (secret === undefined) return;
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const head = piece.subarray(0, Math.min(piece.length, secret.length - 1));
    const across = Buffer.concat([this.tail, head]).indexOf(secret);
    const within = across >= 0 ? -1 : piece.indexOf(secret, from);
    const end = across >= 0 ? across + secret.length - this.tail.length : within + secret.length;
    if (across >= 0 || within >= 0) this.events.secret(this.line + lineEnds(piece, from, end, this.afterCR));
    const keep = secret.length - 1;
    const kept = piece.length >= keep ? piece.subarray(piece.length - keep) : Buffer.concat([this.tail, piece]);
    this.tail = Buffer.from(kept.subarray(Math.max(0, kept.length - keep)));
  }
}

/** How many lines end in `bytes` from `from` to `to` (a CRLF once; `afterCR`: a CR just before). */
function lineEnds(bytes: Uint8Array, from: number, to: number, afterCR: boolean): number {
  let count = 0;
  let cr = afterCR;
  for (let index = from; index < to; index++) {
    const byte = bytes[index] ?? 0;
    if (endsLine(byte, cr)) count++;
    cr = byte === CR;
  }
  return count;
}
