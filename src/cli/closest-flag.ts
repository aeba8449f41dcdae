/** "Did you mean" for a mistyped flag: the known flag one or two edits away. */

/** A known flag a typo is one or two edits away from. */
export function closestFlag(name: string, known: Iterable<string>): string | undefined {
  if (name.length > 40) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name.toLowerCase(), flag);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: flag, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
