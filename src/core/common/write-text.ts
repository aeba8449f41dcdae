import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `chunks` to `path` (its folder made if need be), whole or not at all: written beside
 * the target, then renamed over it, so that a reader never sees half a report.
 */
export function writeText(path: string, chunks: Iterable<string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  // A new file of our own: never through a link or a file someone left at that name.
  rmSync(partial, { force: true });
  const fd = openSync(partial, 'wx');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(partial, path);
}
