import type { NonEmpty } from './cma-client.ts';

/** Splits `items` into consecutive chunks of at most `size` (at least 1); never yields an empty chunk. */
export function chunk<T>(items: readonly T[], size: number): NonEmpty<T>[] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  const chunks: NonEmpty<T>[] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size) as unknown as NonEmpty<T>);
  }
  return chunks;
}
