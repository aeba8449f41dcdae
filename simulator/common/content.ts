import { createHash } from 'node:crypto';
import { md5OfPattern, patternChunks } from './pattern.ts';

/** The most bytes handed out at once, for given bytes as for generated ones. */
const CHUNK = 65_536;
/** Generated files end with this many bytes naming their upload, so that no two read the same. */
const TAIL = 64;

/**
 * The bytes of one stored file: given ones (a seed's `content`, a PUT body), or generated from the
 * upload ID and size (a prefix of the shared pattern, then a tail naming the upload), which are
 * streamed and never held. The md5 is computed the first time it is asked for, then kept.
 */
export class UploadContent {
  readonly size: number;
  private readonly given: Buffer | undefined;
  private readonly id: string;
  private md5Hex: string | undefined;

  private constructor(size: number, given: Buffer | undefined, id: string) {
    this.size = size;
    this.given = given;
    this.id = id;
  }

  static of(bytes: Uint8Array | string): UploadContent {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    return new UploadContent(buffer.length, buffer, '');
  }

  static generated(id: string, size: number): UploadContent {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new Error(`Upload "${id}": size must be a whole number of bytes, got ${size}`);
    }
    return new UploadContent(size, undefined, id);
  }

  md5(): string {
    this.md5Hex ??= this.given ? createHash('md5').update(this.given).digest('hex') : this.generatedMd5();
    return this.md5Hex;
  }

  /** Bytes `from` (included) to `to` (excluded), in pieces of at most 64 KiB. */
  *chunks(from = 0, to = this.size): Generator<Buffer> {
    const end = Math.min(to, this.size);
    if (this.given) {
      for (let at = from; at < end; at += CHUNK) yield this.given.subarray(at, Math.min(at + CHUNK, end));
      return;
    }
    const prefix = this.prefixLength();
    if (from < prefix) yield* patternChunks(from, Math.min(end, prefix));
    if (end > prefix) yield this.tail().subarray(Math.max(from, prefix) - prefix, end - prefix);
  }

  /** Every byte in one buffer: for tests, not for serving. */
  bytes(): Buffer {
    return this.given ? Buffer.from(this.given) : Buffer.concat([...this.chunks()]);
  }

  private prefixLength(): number {
    return this.size - Math.min(this.size, TAIL);
  }

  /** `\n<id>` repeated, cut to its length. */
  private tail(): Buffer {
    return Buffer.alloc(Math.min(this.size, TAIL), `\n${this.id}`);
  }

  private generatedMd5(): string {
    return md5OfPattern(this.prefixLength()).update(this.tail()).digest('hex');
  }
}
