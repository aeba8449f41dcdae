/** List files through a fake file system: what is read, and what is refused with which words. */
import { describe, expect, it } from 'vitest';
import { readListFile, type Files } from '../src/core/list-file.ts';
import { readSettings, withListFiles } from '../src/core/settings.ts';

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

const read = (fs: Files, path = 'ids.txt') => readListFile('upload-ids-file', path, places, fs, ids);

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
      'upload-ids-file "ids.txt", line 3: "BAD" holds an entry that is not an ID',
    );
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
