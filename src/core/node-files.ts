import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Files } from './list-file.ts';

/** The real file system behind the `Files` seam. */
export const nodeFiles: Files = {
  /** What the path leads to; `link` when the path itself is a symbolic link. */
  stat(path) {
    const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return link ? { kind: 'other', size: 0, link } : undefined;
    return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size, link };
  },
  realPath(path) {
    for (const resolveIt of [
      () => realpathSync.native(path),
      () => join(realpathSync.native(dirname(path)), basename(path)), // a file yet to be written
    ]) {
      try {
        return resolveIt();
      } catch {
        // next way, then the path as given: a folder that does not exist yet holds no link
      }
    }
    return path;
  },
  entries(path) {
    return readdirSync(path);
  },
  /** Reads whole MiB until the end, or until more than `maxBytes` have come. */
  read(path, maxBytes) {
    const fd = openSync(path, 'r');
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      while (total <= maxBytes) {
        // Whole MiB reads: some files (of /proc) refuse reads of odd sizes.
        const chunk = Buffer.alloc(1024 * 1024);
        const read = readSync(fd, chunk, 0, chunk.length, null);
        if (read === 0) break;
        chunks.push(chunk.subarray(0, read));
        total += read;
      }
      return Buffer.concat(chunks, total);
    } finally {
      closeSync(fd);
    }
  },
};
