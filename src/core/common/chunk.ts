/** At least one element: a batch request without IDs cannot be written. */
export type NonEmpty<T> = readonly [T, ...T[]];

/** `items` typed as non-empty, or undefined when there are none. */
export function nonEmpty<T>(items: readonly T[]): NonEmpty<T> | undefined {
  return items.length > 0 ? (items as unknown as NonEmpty<T>) : undefined;
}

/** Splits `items` into consecutive chunks of at most `size` (at least 1); never yields an empty chunk. */
export function chunk<T>(items: readonly T[], size: number): NonEmpty<T>[] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  const chunks: NonEmpty<T>[] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size) as unknown as NonEmpty<T>);
  }
  return chunks;
}
