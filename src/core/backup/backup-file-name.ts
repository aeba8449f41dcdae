/**
 * The names of a backup's files. Since manifest schema version 2 a file is named by what cannot
 * hold a secret: the upload's ID and a short extension (`files/q0VNpiNQSkG6z0lif_O1zg.jpg`). The
 * original filename stays in the manifest's copy of the upload; a name built from it could hold
 * the API token, which the manifest then shows redacted while the disk keeps it, so that the
 * manifest would name a file that does not exist.
 */

/**
 * An extension is kept when it is 1 to 5 letters or digits (lower-cased): shorter than any token
 * looked for (MIN_SECRET_LENGTH in secret.ts), so a redaction can never change a file's name.
 */
const SAFE_EXTENSION = /\.([A-Za-z0-9]{1,5})$/;

/** `files/ID.ext`, or `files/ID` when the filename has no safe extension. */
export function backupFileName(id: string, filename: string): string {
  const extension = SAFE_EXTENSION.exec(filename)?.[1]?.toLowerCase();
  return extension === undefined ? `files/${id}` : `files/${id}.${extension}`;
}

/**
 * Whether `file` is a name the backup of `schemaVersion` gives upload `id`: `files/ID.NAME` in
 * version 1 (the filename made safe), `files/ID` or `files/ID.ext` since version 2.
 */
export function isBackupFileName(schemaVersion: number, id: string, file: string): boolean {
  if (schemaVersion === 1) return file.startsWith(`files/${id}.`);
  return (
    file === `files/${id}` || (file.startsWith(`files/${id}.`) && /^[a-z0-9]{1,5}$/.test(file.slice(id.length + 7)))
  );
}
