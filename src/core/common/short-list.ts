/** Lists in messages: the first few items, so that a long list never floods a log line. */

/** `a, b, and 3 more`: the first `most` items, the rest counted. */
export function shortList(items: readonly string[], most: number, separator = ', '): string {
  const more = items.length > most ? `${separator}and ${items.length - most} more` : '';
  return `${items.slice(0, most).join(separator)}${more}`;
}

/** `a, b, ...`: the first `most` items, the rest only hinted at. */
export function firstOf(items: readonly string[], most: number): string {
  return `${items.slice(0, most).join(', ')}${items.length > most ? ', ...' : ''}`;
}
