import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/args.ts';
import { withBaseUrlVariable } from '../src/cli/base-url-variable.ts';

const given = (inputs: Record<string, string>) => new Map(Object.entries(inputs));

describe('DATOCMS_BASE_URL', () => {
  it('sets base-url when the command line does not', () => {
    const inputs = withBaseUrlVariable(given({ 'dry-run': 'true' }), { DATOCMS_BASE_URL: 'http://127.0.0.1:4010' });
    expect(inputs).toEqual(given({ 'dry-run': 'true', 'base-url': 'http://127.0.0.1:4010' }));
  });

  it('gives way to --base-url, unread (even when it would be refused)', () => {
    for (const variable of ['https://other.example', 'ftp://x', '']) {
      const inputs = given({ 'base-url': 'https://flag.example' });
      expect(withBaseUrlVariable(inputs, { DATOCMS_BASE_URL: variable })).toBe(inputs);
    }
  });

  it('leaves the inputs as they are when it is not set', () => {
    const inputs = given({});
    expect(withBaseUrlVariable(inputs, {})).toBe(inputs);
  });

  it.each([
    ['http://example.com', /^DATOCMS_BASE_URL "http:\/\/example\.com" must use https .*or give --base-url\)$/],
    ['not a url', /^DATOCMS_BASE_URL "not a url" is not a URL: expected e\.g\. https:\/\/site-api\.datocms\.com/],
    ['https://user:pw@example.com', /^DATOCMS_BASE_URL "https:\/\/\*\*\*@example\.com" must not hold credentials/],
    ['https://example.com/?a=b', /must not hold a query or a fragment/],
    ['  ', /^DATOCMS_BASE_URL is empty: give it a URL/],
  ])('refuses %j as --base-url would, in the variable’s name', (value, message) => {
    const refuse = () => withBaseUrlVariable(given({}), { DATOCMS_BASE_URL: value });
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow(message);
  });
});
