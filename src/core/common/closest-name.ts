/** "Did you mean": the documented name closest to one a user wrote. */

/** Names people write for an operator that the API spells otherwise. */
const ALIASES: Readonly<Record<string, string>> = {
  not_eq: 'neq',
  ne: 'neq',
  not_equal: 'neq',
  equals: 'eq',
  nin: 'not_in',
  includes: 'contains',
  has: 'contains',
};

/**
 * The closest documented name to `name` (a field, an operator of one, or an enum value), for
 * "did you mean"; undefined when none is close. camelCase is read as snake_case first
 * (`inUse` → `in_use`), and a missing leading `_` costs nothing more (`created_at`).
 */
export function closest(name: string, names: readonly string[]): string | undefined {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const alias = Object.hasOwn(ALIASES, snake) ? ALIASES[snake] : undefined;
  if (alias !== undefined && names.includes(alias)) return alias;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const distance = Math.min(editDistance(snake, candidate), editDistance(snake, candidate.replace(/^_/, '')) + 1);
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined || name === best.name) return undefined;
  return best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

/**
 * Edits from `a` to `b`, a swap of two neighbours counting as one (`vidoe` → `video`), for names
 * of a few dozen characters: a suggestion needs no package.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
