/**
 * The first number of a JSON text that `JSON.parse` reads as another value than the one written
 * (`17.0000000000000001` is read as 17), with the value read; undefined when every number is read
 * as written. `text` must already be valid JSON. Written numbers are compared with the numbers
 * read as decimals, so `17.0`, `1.7e1` and `1E+1` pass: they say the value they are read as.
 */
export function roundedNumber(text: string): { readonly written: string; readonly read: number } | undefined {
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const written = match[0];
    // Strings are skipped whole; a whole number of up to 15 digits is always read exactly.
    if (written.startsWith('"') || /^-?\d{1,15}$/.test(written)) continue;
    const read = Number(written);
    if (decimal(written) !== decimal(String(read))) return { written, read };
  }
  return undefined;
}

/** A number's decimal value as sign, significant digits and exponent: `-1.70e1` and `-17` give `-17e0`. */
function decimal(number: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number);
  if (match === null) return number; // Infinity: never equal to what was written
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const leading = /^0*/.exec(digits)?.[0].length ?? 0;
  const significant = digits.slice(leading).replace(/0+$/, '');
  if (significant === '') return '0';
  // The value is 0.DIGITS x 10^(whole's length + exponent); leading zeros move the point.
  const point = whole.length + Number(exponent) - leading;
  return `${sign}0.${significant}e${point}`;
}
