import { createHash, randomBytes } from 'node:crypto';

/**
 * Deterministic upload ID for `n`: a version 4 UUID encoded as 22 characters of URL-safe base64,
 * the shape real DatoCMS upload IDs have (e.g. `q0VNpiNQSkG6z0lif_O1zg`).
 */
export function uploadId(n: number): string {
  return asUploadId(createHash('sha256').update(`datocms-simulator-upload-${n}`).digest().subarray(0, 16));
}

/** A fresh upload ID, as `POST /uploads` gives the upload it creates. */
export function randomUploadId(): string {
  return asUploadId(randomBytes(16));
}

function asUploadId(bytes: Buffer): string {
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytes.toString('base64url');
}

/** Random id for error objects, which real answers also carry. */
export function randomId(): string {
  return randomBytes(8).toString('hex');
}
