import { readFileSync, statSync } from 'node:fs';
import type { Files } from './list-file.ts';

/** The real file system behind the `Files` seam. */
export const nodeFiles: Files = {
  stat(path) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size };
  },
  read: (path) => readFileSync(path),
};
