/**
 * A file read whole, but only when it is a regular file no larger than its bound: plans,
 * manifests, ID maps.
 */
import { InputError } from '../common/errors.ts';
import { type Files } from './files.ts';

export interface FileRefusals {
  readonly maxBytes: number;
  readonly missing: string;
  readonly notAFile: string;
  readonly tooLarge: string;
}

/**
 * The bytes of the regular file at `absolute` (`named` in messages), at most `maxBytes`: one that
 * is missing, not a regular file, unreadable or larger is refused with InputError, each message
 * ending with what to do (`missing`, `notAFile`; `tooLarge` is the whole message).
 */
export function readBoundedFile(named: string, absolute: string, files: Files, refusals: FileRefusals): Uint8Array {
  checkRegularFile(named, absolute, files, refusals);
  let bytes: Uint8Array;
  try {
    bytes = files.read(absolute, refusals.maxBytes);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  // Its size said less (a file of /proc says 0), or it grew while read.
  if (bytes.length > refusals.maxBytes) throw new InputError(refusals.tooLarge);
  return bytes;
}

/** Refuses what is missing, not a regular file, or larger than `maxBytes` by its size. */
export function checkRegularFile(named: string, absolute: string, files: Files, refusals: FileRefusals): void {
  let found: ReturnType<Files['stat']>;
  try {
    found = files.stat(absolute);
  } catch (error) {
    throw new InputError(`${named} cannot be read (${codeOf(error)}): check the path and its permissions`);
  }
  if (found === undefined)
    throw new InputError(`${named} does not exist (looked for ${absolute}): ${refusals.missing}`);
  if (found.kind !== 'file') {
    throw new InputError(
      `${named} is ${found.kind === 'directory' ? 'a directory' : 'not a regular file'}: ${refusals.notAFile}`,
    );
  }
  if (found.size > refusals.maxBytes) throw new InputError(refusals.tooLarge);
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'an error';
}
