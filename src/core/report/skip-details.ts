/** What the report adds to a skipped upload: why, and the records that use it (`confirm-unused`). */
import type { CleanupResult } from '../result/result.ts';

/**
 * The `why` and `references` keys (with a leading comma) of a skipped upload that has them, by
 * ID and fate ('' for any other): few items, so a map of them costs nothing in a large run.
 */
export function skipDetails(result: CleanupResult): (id: string, fate: string) => string {
  const details = new Map<string, string>();
  for (const item of result.skipped) {
    if (item.kind !== 'upload' || (item.why === undefined && item.references === undefined)) continue;
    const why = item.why === undefined ? '' : `,"why":${JSON.stringify(item.why)}`;
    const references =
      item.references === undefined
        ? ''
        : `,"references":${JSON.stringify({
            count: item.references.total,
            records: item.references.records.map(({ id, itemType }) => ({ id, itemType: itemType ?? null })),
          })}`;
    details.set(item.id, `${why}${references}`);
  }
  return (id, fate) => (fate === 'skipped' ? (details.get(id) ?? '') : '');
}
