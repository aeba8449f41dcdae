/** backup-dir, backup-max-bytes and restore-from: read and refused before any request. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../src/cli/args.ts';
import { InputError } from '../src/core/common/errors.ts';
import { nodeFiles } from '../src/core/settings/node-files.ts';
import { readRestoreSettings } from '../src/core/restore/restore-settings.ts';
import { buildSettings } from '../src/core/build-settings.ts';
import { readSettings } from '../src/core/settings/read-settings.ts';
import { parseByteCount } from '../src/core/settings/values.ts';
import { ACTION_WORDING } from '../src/core/settings/wording.ts';
import { uid } from '../__fixtures__/ids.ts';

const A1 = uid('a1');
const B2 = uid('b2');

const base = { 'api-token': 'secret-token-123', 'upload-ids': A1 };
const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '');

describe('backup-max-bytes', () => {
  it.each([
    ['5GB', 5 * 2 ** 30],
    ['500 MB', 500 * 2 ** 20],
    ['1.5tb', 1.5 * 2 ** 40],
    ['100KiB', 100 * 1024],
    ['1048576', 1048576],
    ['12B', 12],
  ])('reads %s', (raw, bytes) => {
    expect(parseByteCount('backup-max-bytes', raw)).toBe(bytes);
  });

  it.each(['', '0', '5 GBs', '-1GB', 'lots', '1e9', '5PB', '99999999999TB'])(
    'refuses %j, saying what to write',
    (raw) => {
      expect(() => parseByteCount('backup-max-bytes', raw)).toThrow(
        /backup-max-bytes is .*: expected a size .* e\.g\. 5GB/,
      );
    },
  );

  it('defaults to 5 GB', () => {
    expect(read(base).backupMaxBytes).toBe(5 * 2 ** 30);
  });
});

describe('backup-dir', () => {
  const host = (workspace: string) => ({ places: { workspace, reportDir: workspace }, files: nodeFiles });

  it('takes a new folder, or an empty one', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'backup-dir-'));
    mkdirSync(join(workspace, 'empty'));
    for (const dir of ['new/backup', 'empty', 'empty/']) {
      const settings = await buildSettings(
        (name) => ({ ...base, 'backup-dir': dir })[name] ?? '',
        host(workspace),
        undefined as never,
      );
      expect(settings.backupDir).toBe(dir);
    }
  });

  it('refuses a folder that holds anything (an earlier backup would be mixed or replaced), or a file', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'backup-dir-'));
    mkdirSync(join(workspace, 'old'));
    writeFileSync(join(workspace, 'old', 'manifest.json'), '{}');
    writeFileSync(join(workspace, 'file'), 'x');
    const build = (dir: string) =>
      buildSettings((name) => ({ ...base, 'backup-dir': dir })[name] ?? '', host(workspace), ACTION_WORDING);
    await expect(build('old')).rejects.toThrow(
      'backup-dir "old" is not empty (it holds "manifest.json"): give a new or empty folder',
    );
    await expect(build('file')).rejects.toThrow('backup-dir "file" exists and is not a folder');
  });

  it('refuses a report-file inside the folder: written after the deletions, it would replace the backup', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'backup-dir-'));
    const build = (report: string) =>
      buildSettings(
        (name) => ({ ...base, 'backup-dir': 'bk', 'report-file': report })[name] ?? '',
        host(workspace),
        ACTION_WORDING,
      );
    await expect(build('bk/manifest.json')).rejects.toThrow(
      'report-file "bk/manifest.json" is inside backup-dir: the report would replace what undoes the run',
    );
    await expect(build('bk/files/a1/a1.jpg')).rejects.toThrow('is inside backup-dir');
    await expect(build('bk-report.json')).resolves.toBeDefined();
  });

  it('refuses the token in the path, without quoting it', () => {
    expect(() => read({ ...base, 'backup-dir': 'x/secret-token-123' })).toThrow(
      'backup-dir holds the API token (not shown)',
    );
  });
});

describe('restore-from', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'restore-from-'));
  const host = { places: { workspace, reportDir: workspace }, files: nodeFiles };
  const restore = (inputs: Record<string, string>) =>
    readRestoreSettings((name) => ({ 'api-token': 'secret-token-123', ...inputs })[name] ?? '', host);

  it('reads the folder, upload-ids as the uploads to restore, and the run settings', () => {
    expect(
      restore({
        'restore-from': 'media-backup',
        'upload-ids': `${A1},${B2}`,
        environment: 'staging',
        'dry-run': 'true',
      }),
    ).toMatchObject({
      restoreFrom: 'media-backup',
      only: [A1, B2],
      environment: 'staging',
      dryRun: true,
      jobTimeoutMs: 600_000,
    });
  });

  it.each([
    ['filter', '{"tags":{"eq":"x"}}'],
    ['query', 'cat'],
    ['only-unused', 'true'],
    ['older-than', '30d'],
    ['scope', 'library'],
    ['upload-tracks', `${A1}/t1`],
    ['upload-ids-file', 'ids.txt'],
    ['backup-dir', 'other'],
    ['verify', 'true'],
  ])('refuses %s beside it: a restore deletes nothing and selects from the backup', (name, value) => {
    expect(() => restore({ 'restore-from': 'media-backup', [name]: value })).toThrow(
      `${name} is set beside restore-from: a restore brings back the backup's uploads and deletes nothing; remove ${name}`,
    );
  });

  it('refuses a report-file inside the backup, whose manifest and ID map it would replace', () => {
    expect(() => restore({ 'restore-from': 'media-backup', 'report-file': 'media-backup/id-map.json' })).toThrow(
      'report-file "media-backup/id-map.json" is inside restore-from',
    );
  });

  it('is not a cleanup: the cleanup settings refuse it', () => {
    expect(() => read({ ...base, 'restore-from': 'x' })).toThrow(InputError);
  });
});

describe('the restore subcommand', () => {
  const run = (argv: string[]) => {
    const command = parseCommand(argv);
    if (command.kind !== 'run') throw new Error(command.kind);
    return Object.fromEntries(command.inputs);
  };

  it('reads the folder and --only into the same inputs as the action', () => {
    expect(run(['restore', './backup', '--only', A1, `--only=${B2}`, '--dry-run', '--environment', 'staging'])).toEqual(
      {
        'restore-from': './backup',
        'upload-ids': `${A1},${B2}`,
        'dry-run': 'true',
        environment: 'staging',
      },
    );
  });

  it('has its own help', () => {
    expect(parseCommand(['restore', '--help'])).toEqual({ kind: 'help', topic: 'restore' });
  });

  it.each([
    [['restore'], 'restore needs the backup folder: datocms-media-cleanup restore BACKUP_DIR'],
    [['restore', 'a', 'b'], 'restore needs one backup folder, not several'],
    [['restore', 'a', '--filter', '{}'], '--filter is not a flag of restore'],
    [['restore', 'a', '--backup-dir', 'x'], '--backup-dir is not a flag of restore'],
    [['--only', 'a1'], '--only is a flag of restore'],
    [['--dry-run', 'restore', 'a'], 'restore comes first, before its flags'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
