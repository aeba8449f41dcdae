/**
 * How a refusal names a value it refuses. A wrong path or a pasted line can hand the run a
 * secret (a `.env` file given as a list of IDs, a key pasted into the wrong input), and a
 * refusal is printed into a log that may be public. So a refused value is quoted whole only when
 * it is short and plain; otherwise by its first characters and its length. What follows an `=`
 * (the value of a setting) and the user part of a URL are never shown.
 */

/** Values up to this long are quoted whole (a typo of a setting is worth seeing); longer ones may be secrets. */
const WHOLE_UP_TO = 12;
/** How many characters of a longer value are quoted. */
const PREFIX = 4;
/** A setting's name, as env files write them (`GH_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
const SETTING_NAME = /^(?:export\s+)?([A-Z_][A-Z0-9_]{0,39})\s*=/;

/** The refused value, quoted, as described above: e.g. `"scope"`, `"wJal..." (40 characters)`. */
export function shownValue(value: string): string {
  const setting = SETTING_NAME.exec(value);
  if (setting !== null) return `"${setting[1]}=..." (a setting; its value is not shown)`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return shownUrl(value);
  if (value.includes('=')) return `a value of ${characters(value)} with "=" in it (not shown)`;
  if (value.length <= WHOLE_UP_TO) return JSON.stringify(value);
  return `${JSON.stringify(`${[...value].slice(0, PREFIX).join('')}...`)} (${characters(value)})`;
}

/** A URL without its user part and its query (either may hold a secret), at most 80 characters. */
export function shownUrl(value: string): string {
  if (!value.includes('://')) return shownValue(value);
  const shown = value.replace(/[^/\s@]+@/g, '***@').replace(/[?#].*$/s, '?***');
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
}

function characters(value: string): string {
  const count = [...value].length;
  return `${count.toLocaleString('en-US')} character${count === 1 ? '' : 's'}`;
}
