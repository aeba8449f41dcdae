/**
 * The first key that one object of a JSON text holds twice, compared after decoding escapes, or
 * undefined. `JSON.parse` silently keeps the last of two equal keys, so `{"tags":..,"tags":..}`
 * would lose a criterion. `text` must already be valid JSON (checked by `JSON.parse` first): then
 * a scan of strings and brackets is enough. Hand-written because no small library reports it
 * (parsers either keep the last key or throw without saying which).
 */
export function duplicateKey(text: string): string | undefined {
  /** One entry per open bracket: the keys seen so far for an object, undefined for an array. */
  const open: (Set<string> | undefined)[] = [];
  const token = /"(?:[^"\\]|\\.)*"|[{}[\]]/g;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const part = match[0];
    if (part === '{') open.push(new Set());
    else if (part === '[') open.push(undefined);
    else if (part === '}' || part === ']') open.pop();
    else {
      const keys = open.at(-1);
      if (keys === undefined || !isKey(text, token.lastIndex)) continue;
      // Most keys hold no escape: read them without a parse (a plan has hundreds of thousands).
      const key = part.includes('\\') ? (JSON.parse(part) as string) : part.slice(1, -1);
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}

/** A string inside an object is a key when a `:` follows it. */
function isKey(text: string, end: number): boolean {
  const colon = /\s*:/y;
  colon.lastIndex = end;
  return colon.test(text);
}
