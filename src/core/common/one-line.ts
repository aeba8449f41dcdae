/**
 * Text from the API or the user on one line, for a summary: line breaks of every kind (a lone CR
 * too), other control characters and format characters (bidi overrides, zero-width marks) become
 * one space.
 */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ');
}
