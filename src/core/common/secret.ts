/** Shorter tokens are not looked for in text: they would match by chance. */
export const MIN_SECRET_LENGTH = 8;

/**
 * A function that replaces `secret` with `replacement` in text, as written and as JSON escapes
 * it, in any case (an API that echoes a hex token upper-cased still gives it away); one that
 * changes nothing when the secret is shorter than `minLength`. The settings refuse the token in
 * every input; this is for what still echoes it (an API answer, a path printed).
 */
export function secretHider(
  secret: string,
  replacement = '***',
  minLength = MIN_SECRET_LENGTH,
): (text: string) => string {
  if (secret.length < minLength) return (text) => text;
  const forms = [...new Set([secret, JSON.stringify(secret).slice(1, -1)])].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(forms.map((form) => form.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'), 'gi');
  return (text) => text.replace(pattern, () => replacement);
}
