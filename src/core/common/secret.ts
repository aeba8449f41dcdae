/** Shorter tokens are not looked for in text: they would match by chance. */
export const MIN_SECRET_LENGTH = 8;

/**
 * A function that replaces `secret` with `replacement` in text, as written and as JSON escapes
 * it, in any case (an API that echoes a hex token upper-cased still gives it away); one that
 * changes nothing when the secret is shorter than `minLength`. The settings refuse the token in
 * every input; this is for what still echoes it (an API answer, a path printed). `writtenAs`
 * adds the forms a text's writer may have turned it into (Markdown's escapes, see
 * review/markdown.ts `markdownHider`), so that escaping never lets it through.
 */
export function secretHider(
  secret: string,
  replacement = '***',
  minLength = MIN_SECRET_LENGTH,
  writtenAs: readonly ((text: string) => string)[] = [],
): (text: string) => string {
  if (secret.length < minLength) return (text) => text;
  const written = [secret, JSON.stringify(secret).slice(1, -1), ...writtenAs.map((form) => form(secret))];
  const forms = [...new Set(written)].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(forms.map((form) => form.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'), 'gi');
  return (text) => text.replace(pattern, () => replacement);
}
