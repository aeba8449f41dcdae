import { createHash, type Hash } from 'node:crypto';

/**
 * The byte stream generated files start with: a 64 KiB block of SHA-256 output, repeated. Every
 * generated file is a prefix of this stream followed by a short tail naming its upload, so the md5
 * of a 100 KB file costs a copied hash state and at most `STEP` bytes of hashing, not 100 KB:
 * a library of 100,000 files lists its real md5s without hashing gigabytes.
 */
const PERIOD = 65_536;
/** md5 states are kept every `STEP` bytes of the stream... */
const STEP = 512;
/** ...up to here (2,048 states, well under 1 MB); longer prefixes hash on from the last one. */
const LAST_CHECKPOINT = 1 << 20;

let block: Buffer | undefined;

function patternBlock(): Buffer {
  if (block) return block;
  const bytes = Buffer.alloc(PERIOD);
  for (let at = 0; at < PERIOD; at += 32) {
    createHash('sha256').update(`datocms-simulator-asset-${at}`).digest().copy(bytes, at);
  }
  block = bytes;
  return bytes;
}

/** Bytes `from` (included) to `to` (excluded) of the stream, as views of the block: nothing is copied. */
export function* patternChunks(from: number, to: number): Generator<Buffer> {
  const bytes = patternBlock();
  let at = from;
  while (at < to) {
    const offset = at % PERIOD;
    const length = Math.min(PERIOD - offset, to - at);
    yield bytes.subarray(offset, offset + length);
    at += length;
  }
}

/** `checkpoints[k]` has hashed the first `k * STEP` bytes; the process shares them, as they never change. */
const checkpoints: Hash[] = [];

function checkpoint(k: number): Hash {
  if (checkpoints.length === 0) checkpoints.push(createHash('md5'));
  while (checkpoints.length <= k) {
    const previous = checkpoints.length - 1;
    const next = (checkpoints[previous] as Hash).copy();
    for (const chunk of patternChunks(previous * STEP, (previous + 1) * STEP)) next.update(chunk);
    checkpoints.push(next);
  }
  return checkpoints[k] as Hash;
}

/** A fresh md5 that has hashed the first `length` bytes of the stream, ready for more. */
export function md5OfPattern(length: number): Hash {
  const k = Math.floor(Math.min(length, LAST_CHECKPOINT) / STEP);
  const hash = checkpoint(k).copy();
  const from = k * STEP;
  // Short of a step, the rest lies within one block (PERIOD is a multiple of STEP): no generator needed.
  if (length - from < STEP) return hash.update(patternBlock().subarray(from % PERIOD, (from % PERIOD) + length - from));
  for (const chunk of patternChunks(from, length)) hash.update(chunk);
  return hash;
}
