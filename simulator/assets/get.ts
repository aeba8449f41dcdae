import type { ServerResponse } from 'node:http';
import type { UploadContent } from '../common/content.ts';
import type { Sleeper } from '../common/sleeper.ts';
import type { AssetFault } from './types.ts';

/** A file the asset host serves. */
export interface AssetFile {
  readonly content: UploadContent;
  readonly mimeType: string;
}

/** How many pieces a `slow` body comes in; the pauses go before and between them. */
const SLOW_PIECES = 4;

/** Resolves once `res` takes more bytes, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes with backpressure, so a big file is never held; false once the client or the simulator is gone. */
async function write(res: ServerResponse, chunks: Iterable<Buffer>, sleeper: Sleeper): Promise<boolean> {
  for (const chunk of chunks) {
    if (sleeper.closed || res.destroyed) return false;
    if (!res.write(chunk)) await drained(res);
  }
  return !sleeper.closed && !res.destroyed;
}

/** As many bytes, each of them changed: the md5 cannot match (unless the file is empty). */
function* corrupted(chunks: Iterable<Buffer>): Generator<Buffer> {
  for (const chunk of chunks) {
    const copy = Buffer.from(chunk);
    for (let i = 0; i < copy.length; i++) copy[i] = (copy[i] ?? 0) ^ 0xa5;
    yield copy;
  }
}

/** The file's bytes over and over, without end: only a client that stops reading ends it. */
function* endlessly(content: UploadContent): Generator<Buffer> {
  const piece = content.size > 0 ? Buffer.concat([...content.chunks(0, 65_536)]) : Buffer.from('\n');
  for (;;) yield piece;
}

/** The body in at most `SLOW_PIECES` pieces, each after a pause. */
async function sendSlowly(res: ServerResponse, content: UploadContent, pauseMs: number, sleeper: Sleeper) {
  const pieceSize = Math.max(1, Math.ceil(content.size / SLOW_PIECES));
  for (let from = 0; from < content.size; from += pieceSize) {
    await sleeper.sleep(pauseMs);
    if (!(await write(res, content.chunks(from, from + pieceSize), sleeper))) return;
  }
  if (!sleeper.closed && !res.destroyed) res.end();
}

/** A `slow` fault's pause: `delayMs` shared by one pause before the headers and one before each piece. */
function slowPauseMs(fault: AssetFault, size: number): number {
  const pieces = Math.ceil(size / Math.max(1, Math.ceil(size / SLOW_PIECES)));
  return (fault.delayMs ?? 1000) / (pieces + 1);
}

/**
 * Answers a download with the file, or with what a `slow`, `truncate`, `wrong-bytes`, `no-length`
 * or `endless` fault makes of it. `truncate` announces the whole length, sends about half, then
 * closes the connection; `no-length` sends the whole file without announcing its length;
 * `endless` announces none and never ends.
 */
export async function sendFile(
  res: ServerResponse,
  file: AssetFile,
  fault: AssetFault | undefined,
  sleeper: Sleeper,
  head: boolean,
): Promise<void> {
  const { content } = file;
  const pauseMs = fault?.kind === 'slow' ? slowPauseMs(fault, content.size) : undefined;
  // A slow answer pauses before its headers too, to try a client's headers timeout as well.
  if (pauseMs !== undefined) await sleeper.sleep(pauseMs);
  if (sleeper.closed) return;
  // `no-length` and `endless` announce no length: the body is chunked, and only its end tells.
  const unannounced = fault?.kind === 'no-length' || fault?.kind === 'endless';
  res.writeHead(200, {
    'content-type': file.mimeType,
    ...(unannounced ? {} : { 'content-length': String(content.size) }),
    'cache-control': 'public, max-age=31536000',
  });
  if (head) {
    res.end();
  } else if (fault?.kind === 'endless') {
    await write(res, endlessly(content), sleeper);
  } else if (pauseMs !== undefined) {
    await sendSlowly(res, content, pauseMs, sleeper);
  } else if (fault?.kind === 'truncate') {
    res.flushHeaders();
    // destroySoon: the half already written still reaches the client, then the connection closes.
    if (await write(res, content.chunks(0, Math.floor(content.size / 2)), sleeper)) res.socket?.destroySoon();
  } else {
    const chunks = fault?.kind === 'wrong-bytes' ? corrupted(content.chunks()) : content.chunks();
    if (await write(res, chunks, sleeper)) res.end();
  }
}
