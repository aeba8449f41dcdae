/** Markdown for GitHub from text the API or a user hands back: escaped so that it stays text. */
import { oneLine } from '../common/one-line.ts';
import { secretHider } from '../common/secret.ts';

/**
 * A zero-width space, written as its character reference: GitHub's mention, issue-reference and
 * e-mail filters read the text after Markdown, where a backslash escape is gone, so `@octocat`
 * and `#12` must be broken where they stand (Renovate writes `@&#8203;` for the same reason).
 */
const BREAK = '&#8203;';

/** What each character becomes; the others of ESCAPED take a backslash. */
const REPLACED: Readonly<Record<string, string>> = {
  // Entities, not backslashes: no `<` or `&` of the text survives in the Markdown, so no HTML
  // (a comment that forges a marker included) can start there.
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '@': `@${BREAK}`,
  '#': `\\#${BREAK}`,
};

/**
 * Every character Markdown or GitHub gives a meaning to inside a line: emphasis, code, links
 * and images, HTML, a table's cell break, mentions and references; the `:` of `://` and the dot
 * of `www.` that would make GitHub link a bare address.
 */
const ESCAPED = /[\\`*_~[\]|<>&@#]|:(?=\/\/)|(?<=www)\./gi;

/**
 * A run of 7 to 40 hexadecimal digits standing alone reads as a commit SHA, which GitHub links:
 * it is cut every 6 digits.
 */
const SHA_LIKE = /(?<![0-9A-Za-z_])[0-9a-f]{7,40}(?![0-9A-Za-z_])/gi;

/**
 * What GitHub still reads after the escapes: `GH-12` links an issue, and `:name:` is an emoji;
 * each is broken after its dash or first colon.
 */
const GITHUB_SHORTHAND = /(?<![0-9A-Za-z_])(GH-)(?=\d)|(:)(?=[a-z0-9_+-]+:)/gi;

/**
 * Text from the API or the user, on one line (line breaks and control or format characters
 * become a space), shown as typed: no emphasis, link, image, HTML, mention, reference or table
 * break can come out of it.
 */
export function escape(text: string): string {
  return oneLine(text)
    .replace(ESCAPED, (char) => REPLACED[char] ?? `\\${char}`)
    .replace(SHA_LIKE, (run) => run.replace(/.{6}(?=.)/g, `$&${BREAK}`))
    .replace(GITHUB_SHORTHAND, (mark) => `${mark}${BREAK}`);
}

/** A path or an ID inside backticks, which a backtick in it would end: it becomes `'`. */
export function escapeCode(text: string): string {
  return oneLine(text.replace(/`/g, "'"));
}

/** An ID in a code span, or escaped text when it holds more than letters, digits, `_`, `-` and `/`. */
export function codeId(id: string): string {
  return /^[\w/-]{1,200}$/.test(id) ? `\`${id}\`` : escape(id);
}

/** Text for an HTML attribute in double quotes, inside a table row: no quote, tag, entity or `|` of its own. */
export function attribute(text: string): string {
  return oneLine(text).replace(/[&"'<>|\\`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** At most `most` characters of `text`, with `...` when cut. */
export function clip(text: string, most: number): string {
  // A cut between the two halves of a character would leave half of it.
  return text.length > most ? `${text.slice(0, most - 3).replace(/[\uD800-\uDBFF]$/, '')}...` : text;
}

/** A count for people: `4,812`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Hides `secret` in Markdown this module wrote: as written, and as `escape`, `attribute` and
 * `escapeCode` write it (a hex token is cut by the breaks of SHA-like runs, a `_` takes a
 * backslash), so that a filename or an error echoing a token is hidden after escaping too.
 */
export function markdownHider(secret: string, replacement = '***'): (text: string) => string {
  return secretHider(secret, replacement, undefined, [escape, attribute, escapeCode]);
}
