/**
 * Upload IDs for tests, of the shape real ones have (22 characters of URL-safe base64, the
 * encoding of 16 bytes, so the last is one of A, Q, g or w), still readable in a failure:
 * `uid('a1')` is `a1___________________A`. Names are letters and digits only (at most 20), so
 * that two names never give one ID.
 */
export function uid(name: string): string {
  if (!/^[A-Za-z0-9]{1,20}$/.test(name))
    throw new Error(`uid(${JSON.stringify(name)}): use 1 to 20 letters and digits`);
  return `${name.padEnd(21, '_')}A`;
}

/** `uid` of each name. */
export const uids = (...names: string[]): string[] => names.map(uid);
