/** Two runs given one empty backup-dir: only the first to make its files/ may back up there. */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backUp, BackupDirTakenError, BackupRecord } from '../src/core/backup/backup.ts';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import { uid } from '../__fixtures__/ids.ts';

const resource = (id: string) => ({
  id,
  type: 'upload',
  attributes: { url: `https://assets.invalid/${id}.jpg`, size: 3, md5: null, filename: `${id}.jpg` },
});

describe('backUp', () => {
  const A1 = uid('a1');
  const deps = (downloads: string[]) => ({
    client: fakeClient({
      uploadResources: (ids) => Promise.resolve(new Map(ids.map((id) => [id, resource(id)]))),
    }),
    download: (_file: unknown, path: string) => {
      downloads.push(path);
      return Promise.resolve({ bytes: 3, md5: 'f'.repeat(32) });
    },
    log: { info: () => {}, warning: () => {} },
    signal: new AbortController().signal,
  });

  it('claims the folder by making its files/, then saves there', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'claim-')), 'backup');
    const record = new BackupRecord(dir, 1000);
    const downloads: string[] = [];
    await backUp({ uploadIds: [A1], tracks: [] }, record, deps(downloads));
    expect(record.claimed).toBe(true);
    expect(downloads).toEqual([join(dir, 'files', `${A1}.jpg`)]);
  });

  it('refuses a folder another run has claimed since the settings found it empty, downloading nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claim-'));
    mkdirSync(join(dir, 'files'));
    const record = new BackupRecord(dir, 1000);
    const downloads: string[] = [];
    await expect(backUp({ uploadIds: [A1], tracks: [] }, record, deps(downloads))).rejects.toThrow(BackupDirTakenError);
    expect(record.claimed).toBe(false);
    expect(downloads).toEqual([]);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  });
});
