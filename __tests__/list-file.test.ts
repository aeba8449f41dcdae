/** List files through a fake file system: what is read, and what is refused with which words. */
import { describe, expect, it } from 'vitest';
import { uid } from '../__fixtures__/ids.ts';
import { InputError } from '../src/core/common/errors.ts';
import { readListFile, type ListEntries } from '../src/core/settings/list-file.ts';
import { type Files } from '../src/core/settings/files.ts';
import { readSettings } from '../src/core/settings/read-settings.ts';
import { withListFiles } from '../src/core/settings/from-files.ts';

const places = { workspace: '/ws', reportDir: '/tmp' };
const ids = { isEntry: (text: string) => /^[a-z0-9]+$/.test(text), what: 'an ID' };

function files(content: string | Uint8Array, options: { size?: number; kind?: 'file' | 'directory' } = {}): Files {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    stat: (path) =>
      path === '/ws/ids.txt' ? { kind: options.kind ?? 'file', size: options.size ?? bytes.length } : undefined,
    read: () => bytes,
  };
}

const read = (fs: Files, path = 'ids.txt', entry: Partial<ListEntries> = {}) =>
  readListFile('upload-ids-file', path, places, fs, { ...ids, ...entry }).entries;
/** The message `run` throws, so that a test can say what it must not hold. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('readListFile', () => {
  it('reads entries across LF, CRLF and CR line ends, skipping blanks, comments and a BOM', () => {
    expect(read(files('\uFEFFa1, b2\r\n\r\n# note\rc3\n  # indented\n\td4 e5\n'))).toEqual([
      'a1',
      'b2',
      'c3',
      'd4',
      'e5',
    ]);
  });

  it('takes an absolute path as it is', () => {
    expect(read(files('a1'), '/ws/ids.txt')).toEqual(['a1']);
  });

  it('names the line of a bad entry, counting CR-only line ends too', () => {
    expect(() => read(files('a1\rb2\rBAD\r'))).toThrow(
      new InputError('upload-ids-file "ids.txt", line 3: "BAD" is not an ID: fix or remove that entry'),
    );
    expect(() => read(files('a1\r\nb2\r\n\r\nc3, BAD\n'))).toThrow(/^upload-ids-file "ids\.txt", line 4: "BAD" is not/);
  });

  it("says why an entry is refused in the rule's own words, when it has them", () => {
    const why = (text: string) => `${JSON.stringify(text)} has capitals`;
    expect(() => read(files('a1\nBAD'), 'ids.txt', { why })).toThrow(
      new InputError('upload-ids-file "ids.txt", line 2: "BAD" has capitals: fix or remove that entry'),
    );
  });

  it('names a line of NAME=value as a setting, and quotes none of its value', () => {
    const message = refusal(() => read(files('a1\n# keys\nAPI_TOKEN=hunter2secret\n')));
    expect(message).toBe(
      'upload-ids-file "ids.txt", line 3 holds "API_TOKEN=..." (a setting; its value is not shown), not an ID: this is not a list of IDs; check the path',
    );
    for (const line of ['export AWS_SECRET_ACCESS_KEY = hunter2secret', 'password = hunter2secret']) {
      const said = refusal(() => read(files(`a1\n${line}\n`)));
      expect(said).toMatch(/^upload-ids-file "ids\.txt", line 2 holds .*, not an ID: this is not a list of IDs/);
      expect(said).not.toContain('hunter2');
    }
    expect(refusal(() => read(files('a1 password = hunter2secret')))).toContain(
      'line 1 holds a value of 27 characters with "=" in it (not shown)',
    );
  });

  it('names a setting on its line when the file comes in pieces that cut a CRLF in two', () => {
    const pieces = ['a1\r', '\nGH_TOKEN=ghp_secret\r\n'].map((text) => new TextEncoder().encode(text));
    const split: Files = {
      stat: () => ({ kind: 'file', size: 24 }),
      read: () => new Uint8Array(),
      chunks: () => pieces,
    };
    const message = refusal(() => read(split));
    expect(message).toContain('line 2 holds "GH_TOKEN=..." (a setting; its value is not shown)');
    expect(message).not.toContain('ghp_secret');
  });

  it('quotes a bad entry whole up to 12 characters, a longer one by 4 characters and its length', () => {
    expect(() => read(files(`a1\n${'x'.repeat(11)}Z`))).toThrow(`line 2: "${'x'.repeat(11)}Z" is not an ID`);
    expect(() => read(files(`a1\n${'x'.repeat(12)}Z`))).toThrow(`line 2: "xxxx..." (13 characters) is not an ID`);
    const message = refusal(() => read(files('a1\n\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n')));
    expect(message).toBe(
      'upload-ids-file "ids.txt", line 3: "wJal..." (40 characters) is not an ID: fix or remove that entry',
    );
    // Characters, not bytes: an entry that is not ASCII is counted as it reads.
    expect(() => read(files('a1 ééééééééééééééééé'))).toThrow('line 1: "éééé..." (17 characters) is not an ID');
  });

  it('names the line the API token is on, and never quotes it, even where an entry could be', () => {
    const secret = 'tok3nvalue0123456789';
    for (const content of [
      `a1\r\nb2\r\nc3 ${secret}\r\n`,
      `a1\rb2\rc3,${secret}\r`,
      `a1\nb2\n# ${secret}\n`,
      `a1\nb2\nBAD${secret}BAD\n`,
    ]) {
      const message = refusal(() => read(files(content), 'ids.txt', { secret }));
      expect(message).toBe(
        'upload-ids-file "ids.txt", line 3, holds the API token (not shown): that is not a list of IDs; check the path',
      );
      expect(message).not.toContain('tok3');
    }
    // Before any entry is checked: a bad entry on an earlier line does not get the token quoted.
    expect(refusal(() => read(files(`BAD\n${secret}`), 'ids.txt', { secret }))).toMatch(/line 2, holds the API token/);
  });

  it('leaves out a UTF-8 byte order mark at the start only', () => {
    expect(read(files('\uFEFF# IDs to delete\na1'))).toEqual(['a1']);
    expect(read(files('\uFEFFa1'))).toEqual(['a1']);
    expect(() => read(files('\uFEFFBAD'))).toThrow(/^upload-ids-file "ids\.txt", line 1: "BAD" is not an ID/);
    expect(() => read(files('a1\n\uFEFFb2'))).toThrow(/^upload-ids-file "ids\.txt", line 2: ".b2" is not an ID/);
  });

  it('refuses more different entries than `most` allows, counting a duplicate once', () => {
    const most = { count: 3, tooMany: (entries: number) => `holds ${entries} entries, more than 3` };
    expect(read(files('a1 b2 c3\na1, b2\nc3'), 'ids.txt', { most })).toEqual(['a1', 'b2', 'c3']);
    expect(readListFile('upload-ids-file', 'ids.txt', places, files('a1 b2 a1\na1'), ids)).toEqual({
      entries: ['a1', 'b2'],
      count: 4,
    });
    expect(() => read(files('a1 b2 c3 d4'), 'ids.txt', { most })).toThrow(
      new InputError('holds 4 entries, more than 3'),
    );
    expect(() => read(files('a1 a1 b2 c3\nd4'), 'ids.txt', { most })).toThrow(/^holds 5 entries, more than 3$/);
    // A bad entry is named first, wherever it is.
    expect(() => read(files('a1 b2 c3 d4\nBAD'), 'ids.txt', { most })).toThrow(/line 2: "BAD" is not an ID/);
  });

  it.each([
    ['missing', files('a', {}), 'nope.txt', /does not exist \(looked for \/ws\/nope.txt\)/],
    ['a directory', files('', { kind: 'directory' }), 'ids.txt', /is a directory/],
    [
      'over 64 MiB, unread',
      files('a', { size: 65 * 1024 * 1024 }),
      'ids.txt',
      /is more than 64 MiB \(67,108,864 bytes\): split it/,
    ],
    ['not UTF-8', files(new Uint8Array([0x61, 0xc3, 0x28])), 'ids.txt', /is not UTF-8 text/],
  ])('refuses a file that is %s', (_name, fs, path, message) => {
    expect(() => read(fs, path)).toThrow(message);
  });

  it('says a file cannot be read, with its error code', () => {
    const denied: Files = {
      stat: () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      },
      read: () => new Uint8Array(),
    };
    expect(() => read(denied)).toThrow(
      'upload-ids-file "ids.txt" cannot be read (EACCES): check the path and its permissions',
    );
  });
});

describe('report-file', () => {
  it("is refused when it is one of the runner's own files", () => {
    const settings = readSettings((name) => ({ 'api-token': 'token', 'report-file': '/runner/output' })[name] ?? '');
    const none: Files = { stat: () => undefined, read: () => new Uint8Array() };
    expect(() => withListFiles(settings, { ...places, reserved: ['/runner/output'] }, none)).toThrow(
      /report-file "\/runner\/output" is one of the runner's own files/,
    );
  });
});

describe('max-deletions over the IDs of a list file', () => {
  const settings = (inputs: Record<string, string>) =>
    readSettings((name) => ({ 'api-token': 'token', 'upload-ids-file': 'ids.txt', ...inputs })[name] ?? '');
  const [A, B, C, D] = [uid('a'), uid('b'), uid('c'), uid('d')];

  it('refuses a file of more different IDs than max-deletions, when it is the whole selection', () => {
    expect(() => withListFiles(settings({ 'max-deletions': '3' }), places, files(`${A}\n${B}\n${C}\n${D}\n`))).toThrow(
      new InputError(
        `upload-ids-file "ids.txt" holds 4 entries, more than max-deletions (3) allows: nothing was sent; if that many is intended, set max-deletions: '4' (or more), otherwise split the list over several steps`,
      ),
    );
    const read = withListFiles(settings({ 'max-deletions': '3' }), places, files(`${A}\n${B}\n${C}\n${A}\n`));
    expect(read.uploadIds).toEqual([A, B, C]);
  });

  it('counts the IDs of the inputs and of the file together, once each', () => {
    const inputs = { 'max-deletions': '3', 'upload-ids': `${A} ${D}` };
    expect(() => withListFiles(settings(inputs), places, files(`${A}\n${B}\n${C}\n`))).toThrow(
      /^the inputs name 4 uploads and tracks, more than max-deletions \(3\) allows: nothing was sent; if that many is intended, set max-deletions: '4' \(or more\), otherwise name fewer$/,
    );
    expect(withListFiles(settings(inputs), places, files(`${A}\n${B}\n`)).uploadIds).toEqual([A, D, B]);
  });

  it('leaves the count to the selection when criteria narrow the IDs', () => {
    const read = withListFiles(
      settings({ 'max-deletions': '3', 'only-unused': 'true' }),
      places,
      files(`${A}\n${B}\n${C}\n${D}\n`),
    );
    expect(read.uploadIds).toEqual([A, B, C, D]);
  });
});
