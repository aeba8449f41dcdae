import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Files } from './files.ts';

const MIB = 1024 * 1024;

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
  /** Whole MiB, one at a time, into one buffer reused: the caller copies what it keeps. */
  *chunks(path, maxBytes) {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(MIB);
      // Whole MiB reads: some files (of /proc) refuse reads of odd sizes.
      for (let total = 0, read = 0; total <= maxBytes; total += read) {
        read = readSync(fd, buffer, 0, MIB, null);
        if (read === 0) return;
        yield buffer.subarray(0, read);
      }
    } finally {
      closeSync(fd);
    }
  },
  /**
   * Reads whole MiB until the end, or until more than `maxBytes` have come, into one buffer of
   * the size the file says (grown for files that say less, such as those of /proc): a large file
   * is never held twice.
   */
  read(path, maxBytes) {
    const fd = openSync(path, 'r');
    try {
      let buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, maxBytes) + MIB);
      let total = 0;
      while (total <= maxBytes) {
        if (buffer.length - total < MIB) {
          const bigger = Buffer.allocUnsafe(Math.min(total * 2, maxBytes) + MIB);
          buffer.copy(bigger, 0, 0, total);
          buffer = bigger;
        }
        // Whole MiB reads: some files (of /proc) refuse reads of odd sizes.
        const read = readSync(fd, buffer, total, MIB, null);
        if (read === 0) break;
        total += read;
      }
      return buffer.subarray(0, total);
    } finally {
      closeSync(fd);
    }
  },
};
