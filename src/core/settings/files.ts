import { isAbsolute, resolve } from 'node:path';

/** What the settings need of the file system: a narrow seam, so that the parsing is plain. */
export interface Files {
  /** What is at `path`; undefined when nothing is. Throws (EACCES...) when it cannot be told. */
  stat(
    path: string,
  ): { readonly kind: 'file' | 'directory' | 'other'; readonly size: number; readonly link?: boolean } | undefined;
  /**
   * The file's bytes, at most `maxBytes + 1` of them (a file that does not end, such as one of
   * /proc, is read no further).
   */
  read(path: string, maxBytes: number): Uint8Array;
  /**
   * The file's bytes in pieces, read as they are asked for, at most `maxBytes + 1` in all: a large
   * list is never held whole. Each piece may be reused once the next is asked for.
   */
  chunks?(path: string, maxBytes: number): Iterable<Uint8Array>;
  /**
   * The path with every symbolic link resolved (of its folders only, for a file that does not
   * exist yet), so that two spellings of one file compare equal; the path as given when it
   * cannot be told.
   */
  realPath?(path: string): string;
  /** The names in the folder at `path`. Throws (ENOENT, ENOTDIR...) when it cannot be listed. */
  entries?(path: string): readonly string[];
}

/** Where relative paths start, and where a report goes by default. */
export interface Places {
  /** The workspace (GITHUB_WORKSPACE, or the current directory outside a runner). */
  readonly workspace: string;
  /** Where the report goes when no path is given (RUNNER_TEMP for the action, the current folder for the command). */
  readonly reportDir: string;
  /** Files the run must never write over: the runner's own (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY...). */
  readonly reserved?: readonly string[];
}

/** `path` as given, absolute, relative ones taken from the workspace. */
export function resolvePath(path: string, places: Places): string {
  return isAbsolute(path) ? path : resolve(places.workspace, path);
}
