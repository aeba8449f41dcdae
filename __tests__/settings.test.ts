import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/common/errors.ts';
import { readSettings } from '../src/core/settings/read-settings.ts';
import { splitList } from '../src/core/settings/item-ids.ts';
import { uid } from '../__fixtures__/ids.ts';

const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '');
const base = { 'api-token': 'secret-token' };
const [A1, B2, C3] = [uid('a1'), uid('b2'), uid('c3')];
const [UP1, UP2] = [uid('up1'), uid('up2')];

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    expect(read(base)).toEqual({
      apiToken: 'secret-token',
      uploadIds: [],
      uploadTracks: [],
      environment: undefined,
      failOnFailed: false,
      jobTimeoutMs: 600_000,
      baseUrl: 'https://site-api.datocms.com',
      allTracksOf: [],
      scope: 'ids',
      criteria: {
        conditions: [],
        query: undefined,
        described: [],
        hasFilterInput: false,
        fromFilter: 0,
        onlyUnused: false,
        confirmUnused: false,
        olderThan: undefined,
      },
      maxDeletions: 1000,
      dryRun: false,
      deleteEndpoint: 'auto',
      verify: false,
      uploadIdsFile: undefined,
      uploadTracksFile: undefined,
      reportFile: undefined,
      backupDir: undefined,
      backupMaxBytes: 5 * 1024 ** 3,
    });
  });

  it('splits IDs on commas, whitespace and newlines, keeping the first of each duplicate', () => {
    const settings = read({ ...base, 'upload-ids': `${A1}, ${B2}\n${C3}\t ${A1},,\r\nq0VNpiNQSkG6z0lif_O1zg 42` });
    expect(settings.uploadIds).toEqual([A1, B2, C3, 'q0VNpiNQSkG6z0lif_O1zg', '42']);
  });

  it('parses tracks as UPLOAD_ID/TRACK_ID', () => {
    const settings = read({ ...base, 'upload-tracks': `${UP1}/tr-1\n${UP2}/xBe7u01.0~2, ${UP1}/tr-1` });
    expect(settings.uploadTracks).toEqual([
      { uploadId: UP1, trackId: 'tr-1' },
      { uploadId: UP2, trackId: 'xBe7u01.0~2' },
    ]);
  });

  it.each([
    ['upload-ids', `${A1},bad!id`, /upload-ids entry "bad!id" is not an upload ID/],
    ['upload-ids', 'a/b', /upload-ids entry "a\/b"/],
    ['upload-ids', 'x'.repeat(65), /upload-ids entry "xxxx\.\.\." \(65 characters\) is not an upload ID/],
    ['upload-ids', 'a1', /upload-ids entry "a1" is not an upload ID \(22 characters of A-Z/],
    ['upload-ids', '042', /upload-ids entry "042" is not an upload ID/],
    [
      'upload-ids',
      `${A1.slice(0, -1)}B`,
      /"a1__\.\.\." \(22 characters\) is not an upload ID: .* the last is A, Q, g or w/,
    ],
    ['upload-ids', 'API_KEY=hunter2', /upload-ids entry "API_KEY=\.\.\." \(a setting; its value is not shown\)/],
    ['upload-tracks', 'noslash', /upload-tracks entry "noslash" is not of the form UPLOAD_ID\/TRACK_ID/],
    ['upload-tracks', 'up1/', /"up1\/"/],
    ['upload-tracks', '/tr1', /"\/tr1"/],
    ['upload-tracks', 'up1/..', /"up1\/.."/],
    ['upload-tracks', 'up1/a/b', /"up1\/a\/b"/],
    ['upload-tracks', 'up%1/tr', /"up%1\/tr"/],
    ['upload-tracks', 'up1/tr', /upload-tracks entry "up1\/tr": "up1" is not an upload ID/],
    ['environment', 'Staging', /environment "Staging" is not a DatoCMS environment ID/],
    ['environment', 'a b', /environment "a b"/],
    ['environment', '-x', /environment "-x"/],
    ['fail-on-failed', 'yes', /fail-on-failed is "yes": expected true or false/],
    ['job-timeout', '0', /job-timeout is "0"/],
    ['job-timeout', '-5', /job-timeout is "-5"/],
    ['job-timeout', '10m', /job-timeout is "10m"/],
    ['job-timeout', '99999', /job-timeout is "99999"/],
    ['job-timeout', '0.0001', /job-timeout is "0.0001": expected a number of seconds from 1 to 21600/],
    ['job-timeout', '0.999', /job-timeout is "0.999"/],
    ['base-url', 'http://site-api.datocms.com', /base-url "http:\/\/site-api.datocms.com" must use https/],
    ['base-url', 'ftp://127.0.0.1', /must use https/],
    ['base-url', 'not a url', /is not a URL/],
    ['base-url', 'https://user:pw@example.com', /must not hold credentials/],
    ['base-url', 'https://example.com/?x=1', /must not hold a query/],
    ['base-url', 'http://10.0.0.1:3000', /must use https/],
    ['scope', 'all', /scope is "all": expected ids .* or library/],
    ['max-deletions', '0', /max-deletions is "0"/],
    ['max-deletions', '1e3', /max-deletions is "1e3"/],
    ['dry-run', 'on', /dry-run is "on"/],
    ['delete-endpoint', 'bulk', /delete-endpoint is "bulk": expected auto/],
    ['delete-endpoint', 'Auto', /delete-endpoint is "Auto"/],
    ['only-unused', '1', /only-unused is "1"/],
    ['upload-tracks', '*/*', /upload-tracks entry "\*\/\*": "\*" is not an upload ID/],
    ['upload-tracks', 'up1/*x', /"up1\/\*x"/],
  ])('refuses %s %j, quoting it', (name, value, message) => {
    expect(() => read({ ...base, [name]: value })).toThrow(InputError);
    expect(() => read({ ...base, [name]: value })).toThrow(message);
  });

  it('words an upload ID refusal in full', () => {
    expect(() => read({ ...base, 'upload-ids': 'x' })).toThrow(
      new InputError(
        'upload-ids entry "x" is not an upload ID (22 characters of A-Z, a-z, 0-9, _ and -, such as q0VNpiNQSkG6z0lif_O1zg, or digits in older projects): fix or remove it',
      ),
    );
    expect(() => read({ ...base, 'upload-tracks': `${UP1}/tr-1\nup2/tr-2` })).toThrow(
      /^upload-tracks entry "up2\/tr-2": "up2" is not an upload ID/,
    );
  });

  it('never quotes the user and password of a base-url it refuses', () => {
    for (const url of [
      'http://127.0.0.1:8080/?key=hunter2',
      'https://example.com#hunter2',
      'http://user:hunter2@127.0.0.1:8080',
      'http://10.0.0.1:3000?x',
      'https://u:hunter2@example.com',
      'http//u:hunter2@x y',
    ]) {
      let message = '';
      try {
        read({ ...base, 'base-url': url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^base-url "/);
      expect(message).not.toContain('hunter2');
    }
    expect(() => read({ ...base, 'base-url': 'https://user:pw@example.com' })).toThrow(
      'base-url "https://***@example.com" must not hold credentials',
    );
  });

  it('requires a token without whitespace inside', () => {
    expect(() => read({})).toThrow(/api-token is empty/);
    expect(() => read({ 'api-token': 'abc def' })).toThrow(/api-token holds whitespace, control or non-ASCII/);
    for (const token of ['tökén', 'tok\u00a0en', 'tok\u200ben', 'tok\u0000en', 'tok\u007fen']) {
      expect(() => read({ 'api-token': token })).toThrow(/api-token holds whitespace, control or non-ASCII/);
    }
    expect(read({ 'api-token': '!~tok-EN_0' }).apiToken).toBe('!~tok-EN_0');
    expect(() => read({ 'api-token': 'x'.repeat(513) })).toThrow(
      /^api-token is 513 characters long, far more than a CMA token/,
    );
  });

  it('accepts plain http only for loopback hosts, and drops a trailing slash', () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost:1', 'http://[::1]:9', 'http://127.1.2.3']) {
      expect(read({ ...base, 'base-url': url }).baseUrl).toBe(url.replace(/\/$/, ''));
    }
    expect(read({ ...base, 'base-url': 'https://proxy.example.com/dato/' }).baseUrl).toBe(
      'https://proxy.example.com/dato',
    );
  });

  it('reads booleans, seconds and the environment', () => {
    const settings = read({ ...base, 'fail-on-failed': 'TRUE', 'job-timeout': '2.5', environment: 'staging-2' });
    expect(settings).toMatchObject({ failOnFailed: true, jobTimeoutMs: 2500, environment: 'staging-2' });
  });
});

describe('splitList', () => {
  it('returns nothing for blank input', () => {
    expect(splitList('  \n , ,\t')).toEqual([]);
  });
});
