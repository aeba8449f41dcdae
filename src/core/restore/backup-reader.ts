import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_NAME } from '../backup/backup.ts';
import { isBackupFileName } from '../backup/backup-file-name.ts';
import { InputError, describeCause } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { validate } from '../backup/manifest-check.generated.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import { quote } from '../settings/values.ts';
import { shortList } from '../common/short-list.ts';

/** One upload of a manifest (see backup.schema.json). */
export interface ManifestUpload {
  readonly id: string;
  readonly file: string;
  readonly size: number;
  readonly md5: string;
  /** The attributes whose value held the API token, shown as `redacted` (version 2). */
  readonly redacted?: readonly string[];
  readonly resource: {
    readonly id: string;
    readonly type: 'upload';
    readonly attributes: Readonly<Record<string, unknown>>;
    readonly relationships?: Readonly<Record<string, unknown>>;
  };
}

/** A backup's manifest.json, checked against backup.schema.json. */
export interface Manifest {
  /** 1: files named `files/ID.NAME`; 2: `files/ID.ext` (see backup-file-name.ts). */
  readonly schemaVersion: 1 | 2;
  readonly createdAt: string;
  readonly complete: boolean;
  readonly baseUrl: string;
  readonly environment: {
    readonly id: string | null;
    readonly primary: boolean | null;
    readonly confirmed: boolean;
    readonly requested: string | null;
  };
  readonly uploads: readonly ManifestUpload[];
  readonly tracks: readonly { readonly uploadId: string; readonly trackId: string }[];
}

/** The token in the manifest as written, or in any of its values once JSON escapes are read, in any case. */
function holdsToken(text: string, parsed: unknown, token: string): boolean {
  const lower = token.toLowerCase();
  return text.toLowerCase().includes(lower) || JSON.stringify(parsed).toLowerCase().includes(lower);
}

/** A manifest larger than this is refused unread: 2,000 uploads make about 10 MB. */
export const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/**
 * Reads `dir/manifest.json` and checks it against its schema, and that every upload is named
 * once. Throws InputError saying what is wrong and what to do.
 */
export function readManifest(dir: string, token?: string): Manifest {
  const path = join(dir, MANIFEST_NAME);
  const named = quote(path);
  let text: string;
  try {
    const stats = lstatSync(path);
    if (!stats.isFile()) throw new InputError(`${named} is not a regular file: give the folder a backup-dir run made`);
    if (stats.size > MAX_MANIFEST_BYTES) {
      throw new InputError(`${named} is ${stats.size} bytes, more than a manifest can be: check the folder`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const why =
      (error as { code?: unknown }).code === 'ENOENT' ? 'does not exist' : `cannot be read (${describeCause(error)})`;
    throw new InputError(`the backup's manifest ${named} ${why}: give the folder a backup-dir run made`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${named} is not JSON: it is damaged, or not a backup manifest`);
  }
  if (token !== undefined && token.length >= MIN_SECRET_LENGTH && holdsToken(text, parsed, token)) {
    throw new InputError(
      `${named} holds the API token (not shown), which no backup writes (it writes the word redacted in its place): it was edited, and restoring it would store the token in DatoCMS; put the original back`,
    );
  }
  if (!validate(parsed)) {
    const [first] = (validate as unknown as { errors?: { instancePath: string; message?: string }[] }).errors ?? [];
    const where = first === undefined ? '' : ` (${first.instancePath || 'the top level'} ${first.message ?? ''})`;
    throw new InputError(
      `${named} does not follow backup.schema.json${where}: it is damaged, or was not written by datocms-media-cleanup's backup-dir`,
    );
  }
  const manifest = parsed as Manifest;
  const seen = new Set<string>();
  for (const upload of manifest.uploads) {
    if (seen.has(upload.id) || upload.resource.id !== upload.id) {
      throw new InputError(`${named} names upload ${upload.id} twice, or under another ID: it is damaged`);
    }
    seen.add(upload.id);
    if (!isBackupFileName(manifest.schemaVersion, upload.id, upload.file)) {
      const shape = manifest.schemaVersion === 1 ? `files/${upload.id}.NAME` : `files/${upload.id}.ext`;
      throw new InputError(`${named} names a file for upload ${upload.id} that is not ${shape}: it is damaged`);
    }
  }
  return manifest;
}

/**
 * Checks that each upload's file is in the folder, a regular file (not a link), of the size and
 * MD5 the manifest gives. Throws InputError naming the first file that is not.
 */
export async function checkFiles(dir: string, uploads: readonly ManifestUpload[]): Promise<void> {
  for (const upload of uploads) {
    const path = join(dir, upload.file);
    const named = `${quote(upload.file)} (upload ${upload.id})`;
    // files/ and files/ID/ must be folders of the backup itself: a link could lead anywhere.
    const folder = lstatSync(join(dir, 'files'), { throwIfNoEntry: false });
    if (folder !== undefined && !folder.isDirectory()) {
      throw new InputError(
        `the backup's "files" is not a folder (a symbolic link?): a backup's files must be inside it; replace it with the folder the backup saved`,
      );
    }
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined)
      throw new InputError(
        `the backup's file ${named} is missing: restore it from the artifact, or restore only the other uploads, by ID`,
      );
    if (!stats.isFile())
      throw new InputError(
        `the backup's file ${named} is not a regular file: replace it with the file the backup saved`,
      );
    if (stats.size !== upload.size) {
      throw new InputError(
        `the backup's file ${named} is ${stats.size} bytes where the manifest says ${upload.size}: it changed since the backup; put the original back`,
      );
    }
    if ((await fileMd5(path)) !== upload.md5) {
      throw new InputError(
        `the backup's file ${named} does not match its checksum in the manifest (MD5): it changed since the backup; put the original back`,
      );
    }
  }
}

async function fileMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The saved attributes a restore sends when it creates an upload (the filename goes to the storage slot). */
const SENT_ATTRIBUTES = ['author', 'copyright', 'notes', 'default_field_metadata', 'tags'] as const;

/**
 * The restore's note about uploads whose metadata held the API token (the manifest's `redacted`):
 * they come back with the word `redacted` in its place. Undefined when none of `uploads` did.
 */
export function redactionNote(uploads: readonly ManifestUpload[]): string | undefined {
  const sent = new Set<string>(['filename', ...SENT_ATTRIBUTES]);
  const held = uploads.flatMap((upload) => {
    const names = (upload.redacted ?? []).filter((name) => sent.has(name));
    return names.length > 0 ? [`${upload.id} (${names.join(', ')})`] : [];
  });
  if (held.length === 0) return undefined;
  return `${held.length} upload(s) held the API token in their metadata, which the backup saved as the word "redacted": they are re-created with that word in its place, ${shortList(held, 5)}; rename them or edit their metadata in the media library if need be`;
}

/** What a restore sends of an upload's metadata, from the resource as listed. */
export function creationBody(upload: ManifestUpload, path: string): Record<string, unknown> {
  const attributes = upload.resource.attributes;
  const kept: Record<string, unknown> = { path };
  for (const name of SENT_ATTRIBUTES) {
    if (attributes[name] !== undefined) kept[name] = attributes[name];
  }
  const collection = upload.resource.relationships?.upload_collection;
  const data = isRecord(collection) ? collection.data : undefined;
  const relationships =
    isRecord(data) && data.type === 'upload_collection' && typeof data.id === 'string'
      ? { upload_collection: { data: { type: 'upload_collection', id: data.id } } }
      : undefined;
  return { data: { type: 'upload', attributes: kept, ...(relationships === undefined ? {} : { relationships }) } };
}
