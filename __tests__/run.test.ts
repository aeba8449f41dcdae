import { describe, expect, it } from 'vitest';
import { withoutSecret } from '../src/core/run-end.ts';

describe('the report, written', () => {
  it('holds the token nowhere, as given or as JSON escapes it, even where an API answer echoed it', () => {
    const token = 'tok"en\\1234567';
    const chunks = [
      `{"jobs":[{"id":${JSON.stringify(token)}}],`,
      `"notes":["code ${JSON.stringify(token).slice(1, -1)}"]}`,
    ];
    const written = [...withoutSecret(chunks, token)].join('');
    expect(written).toBe('{"jobs":[{"id":"redacted"}],"notes":["code redacted"]}');
    expect(JSON.parse(written)).toEqual({ jobs: [{ id: 'redacted' }], notes: ['code redacted'] });
  });

  it('leaves a short token alone rather than blank out common text', () => {
    expect([...withoutSecret(['{"id":"1234"}'], '1234')]).toEqual(['{"id":"1234"}']);
  });
});
