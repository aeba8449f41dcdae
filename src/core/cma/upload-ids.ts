/** How a request names the uploads it is about: the `filter[ids]` value, and the short list for the log. */
import { firstOf } from '../common/short-list.ts';

/** Refuses an empty list even if the types were bypassed: an empty filter could mean "all". */
export function joinIds(ids: readonly string[]): string {
  if (ids.length === 0) throw new Error('internal error: a batch deletion without IDs was about to be sent');
  return ids.join(',');
}

/** `2 upload(s) (a1, a2)`, the first five named. */
export function uploadsNamed(ids: readonly string[]): string {
  return `${ids.length} upload(s) (${firstOf(ids, 5)})`;
}
