/** The lock that keeps two restores of one backup from creating its uploads twice. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, describeCause } from '../common/errors.ts';
import { quote } from '../settings/values.ts';

const LOCK_NAME = 'restore.lock';

/** Takes the backup folder's lock, or refuses; returns what lets it go. */
export function lockBackup(dir: string): () => void {
  const path = join(dir, LOCK_NAME);
  try {
    writeFileSync(path, `${JSON.stringify({ startedAt: new Date().toISOString() })}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new InputError(
        `another restore of this backup is running (${quote(path)} exists): wait for it to end; if no restore is running (one was killed), delete ${LOCK_NAME} and run again`,
      );
    }
    rmSync(path, { force: true }); // made, then not written (a full disk): not a lock
    throw new InputError(
      `the backup folder cannot take ${LOCK_NAME} (${describeCause(error)}): check that it is writable`,
    );
  }
  return () => rmSync(path, { force: true });
}
