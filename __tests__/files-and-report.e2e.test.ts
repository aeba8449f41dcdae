/**
 * End-to-end: lists from files, and the JSON report of every item, in every outcome. Every
 * report is validated against report.schema.json by `act` (see __fixtures__/e2e.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  ids,
  reportOf,
  simulator,
  TOKEN,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { uploadId } from '../simulator/index.ts';

afterEach(closeSimulator);

const fatesOf = (report: ReturnType<typeof reportOf>) =>
  Object.fromEntries(report.items.map((item) => [item.id, item.fate]));

describe('upload-ids-file and upload-tracks-file', () => {
  it('read IDs with comments, blank lines and CRLF, each once across the file and the input', async () => {
    const target = await simulator({ uploads: 6 });
    const file = `# obsolete after release 42\r\n${uploadId(0)}, ${uploadId(1)}\r\n\r\n  # indented comment\r\n${uploadId(2)} ${uploadId(0)}\r\n`;
    const run = await act(
      target,
      { 'upload-ids': `${uploadId(2)},${uploadId(3)}`, 'upload-ids-file': 'media/obsolete.txt' },
      { workspaceFiles: { 'media/obsolete.txt': file } },
    );
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual(ids(0, 4).sort());
    expect(run.outputs).toMatchObject({ selected: '4', successful: '4' });
    const report = reportOf(run);
    expect(report.items.map((item) => item.id)).toEqual([uploadId(2), uploadId(3), uploadId(0), uploadId(1)]);
    expect(report.settings.sources).toMatchObject({ uploadIdsFile: 'media/obsolete.txt', uploadIdsFromFile: 4 });
  });

  it('reads tracks, UPLOAD_ID/* included', async () => {
    const [VID, VID2] = [uid('vid'), uid('vid2')];
    const video = { id: VID, tracks: [{ id: 'en' }, { id: 'fr' }] };
    const target = await simulator({ uploads: [video, { id: VID2, tracks: [{ id: 'de' }] }] });
    const run = await act(
      target,
      { 'upload-tracks-file': 'tracks.txt' },
      { workspaceFiles: { 'tracks.txt': `${VID}/*\n${VID2}/de\n` } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0' });
    const items = reportOf(run).items.map((item) => [item.kind, item.id, item.fate]);
    expect(items.sort()).toEqual([
      ['track', `${VID2}/de`, 'deleted'], // vid2 before vid_: '2' sorts before '_'
      ['track', `${VID}/en`, 'deleted'],
      ['track', `${VID}/fr`, 'deleted'],
    ]);
  });

  it('take a run past the 128 KiB an input can hold: 10,000 IDs in one step', async () => {
    const many = ids(0, 10_000);
    const target = await simulator({ uploads: 10_000, rateLimit: false });
    const text = `${many.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(128 * 1024);
    const run = await act(
      target,
      { 'upload-ids-file': 'ids.txt', 'max-deletions': '10000' },
      { workspaceFiles: { 'ids.txt': text } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '10000', failed: '0' });
    expect(target.deletions).toHaveLength(10_000);
  });

  it('count toward max-deletions with the input, refused before any request', async () => {
    const target = await simulator({ uploads: 5 });
    const run = await act(
      target,
      { 'upload-ids': ids(0, 2).join(','), 'upload-ids-file': 'ids.txt', 'max-deletions': '4' },
      { workspaceFiles: { 'ids.txt': ids(2, 5).join('\n') } },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^::error::the inputs name 5 uploads and tracks, more than max-deletions \(4\) allows: nothing was sent; /,
    );
    expect(target.requests).toEqual([]);
  });

  const refusals: [string, Record<string, string>, Record<string, string | Uint8Array>, RegExp][] = [
    [
      'a missing file',
      { 'upload-ids-file': 'nope.txt' },
      {},
      /^::error::upload-ids-file "nope.txt" does not exist \(looked for .*\/workspace\/nope.txt\): check the path/,
    ],
    [
      'a directory',
      { 'upload-ids-file': 'media' },
      { 'media/x.txt': 'a' },
      /upload-ids-file "media" is a directory: give the path of a text file of IDs/,
    ],
    [
      'a binary file',
      { 'upload-ids-file': 'ids.bin' },
      { 'ids.bin': new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x80]) },
      /upload-ids-file "ids.bin" is not UTF-8 text \(a binary file\?\)/,
    ],
    [
      'NUL bytes',
      { 'upload-ids-file': 'ids.txt' },
      { 'ids.txt': 'abc\0def' },
      /upload-ids-file "ids.txt" holds NUL bytes/,
    ],
    [
      'a bad line, quoting nothing of a value with = in it',
      { 'upload-ids-file': 'ids.txt' },
      { 'ids.txt': `${uid('good1')}\n# fine\n${uid('good2')}\nsecret=${'S'.repeat(100)}TAIL\n` },
      /^::error::upload-ids-file "ids.txt", line 4 holds a value of 111 characters with "=" in it \(not shown\), not an upload ID: this is not a list of IDs; check the path$/,
    ],
    [
      'a bad track line',
      { 'upload-tracks-file': 'tracks.txt' },
      { 'tracks.txt': `${uid('vid')}/en\n${uid('vid')}/../x\n` },
      /^::error::upload-tracks-file "tracks.txt", line 2: "vid_\.\.\." \(27 characters\) is not UPLOAD_ID\/TRACK_ID or UPLOAD_ID\/\*: fix or remove that entry$/,
    ],
    [
      'a file with scope library',
      { scope: 'library', query: 'x', 'upload-ids-file': 'ids.txt' },
      { 'ids.txt': uid('a') },
      /scope is library but upload-ids or upload-ids-file is set/,
    ],
  ];

  it.each(refusals)('refuse %s before any request', async (_name, inputs, files, message) => {
    const target = await simulator({ uploads: 2 });
    const run = await act(target, inputs, { workspaceFiles: files });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(run.stdout).not.toContain('TAIL');
    expect(target.requests).toEqual([]);
  });
});

describe('the report', () => {
  it('on success: every upload deleted by its job, jobs finished, listed details when listed', async () => {
    const [A, B] = [uid('a'), uid('b')];
    const target = await simulator({
      uploads: [{ id: A, tags: ['old'], size: 2048 }, { id: B, tags: ['old'] }, { id: uid('c') }],
    });
    const asListed = target.uploadResource(A)?.attributes;
    const run = await act(target, { scope: 'library', filter: '{"tags":{"contains":"old"}}' });
    const report = reportOf(run);
    expect(report).toMatchObject({ schemaVersion: 2, outcome: 'succeeded', error: null, dryRun: false });
    expect(report.environment).toMatchObject({ id: 'main', primary: true, confirmed: true });
    expect(report.items).toEqual([
      expect.objectContaining({ kind: 'upload', id: A, fate: 'deleted', jobId: '1', reason: null }),
      expect.objectContaining({ kind: 'upload', id: B, fate: 'deleted', jobId: '1' }),
    ]);
    expect(report.items[0]?.listed).toEqual({
      filename: `${A}.jpg`,
      size: 2048,
      url: `${target.assetUrl}/1/${A}/${A}.jpg`,
      md5: asListed?.md5,
      createdAt: '2024-01-01T00:00:00.000Z',
      tags: ['old'],
    });
    expect(report.jobs).toEqual([
      expect.objectContaining({ id: '1', status: 200, finishedAt: expect.any(String) as string }),
    ]);
    expect(run.stdout).toContain(`Report: ${run.outputs['report-file']}`);
    expect(run.summary).toContain('- Report: `');
  });

  it('names failed items with their reason, and marks unknown those it cannot name', async () => {
    const [USED, FREE, GHOST] = [uid('used'), uid('free'), uid('ghost')];
    const target = await simulator({ uploads: [{ id: USED, inUse: true }, { id: FREE }] });
    const run = await act(target, { 'upload-ids': [USED, FREE, GHOST].join(',') });
    const report = reportOf(run);
    expect(report.outcome).toBe('failed-items');
    expect(fatesOf(report)).toEqual({ [USED]: 'failed', [FREE]: 'unknown', [GHOST]: 'unknown' });
    expect(report.items.find((item) => item.id === USED)?.reason).toBe('in use by records');
    expect(report.counts).toMatchObject({ successful: 1, failed: 2, unnamedFailed: 1 });
  });

  it('on a dry run: every item selected, with what the listing showed', async () => {
    const target = await simulator({ uploads: 3 });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), 'dry-run': 'true' });
    const report = reportOf(run);
    expect(report.outcome).toBe('dry-run');
    expect(report.items.map((item) => item.fate)).toEqual(['selected', 'selected', 'selected']);
    expect(report.items[0]?.listed).toMatchObject({ filename: 'file-0.jpg' });
  });

  it('on a 401 mid-run: what was done, and what was never sent', async () => {
    const target = await simulator({ uploads: 400 });
    const body = JSON.stringify({
      data: [{ type: 'api_error', attributes: { code: 'INVALID_AUTHORIZATION_HEADER' } }],
    });
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      after: 1,
      status: 401,
      contentType: 'application/json',
      body,
    });
    const run = await act(target, { 'upload-ids': ids(0, 400).join(',') });
    expect(run.code).toBe(1);
    const report = reportOf(run);
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatch(/The API token is invalid/);
    const pending = report.items.filter((item) => item.fate === 'pending');
    expect(pending).toHaveLength(400 - Number(run.outputs.successful));
    expect(pending.every((item) => item.reason === 'not sent: the run ended first' || item.jobId !== null)).toBe(true);
  });

  it('on a job timeout: the items of the job still running are pending, with its ID', async () => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLatencyMs: 1e9 });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), 'job-timeout': '2' });
    expect(run.code).toBe(1);
    const report = reportOf(run);
    expect(report.outcome).toBe('failed');
    expect(report.items.map((item) => [item.fate, item.jobId, item.reason])).toEqual([
      ['pending', '1', 'its job had not finished when the run ended'],
      ['pending', '1', 'its job had not finished when the run ended'],
    ]);
    expect(report.jobs).toEqual([expect.objectContaining({ id: '1', finishedAt: null, status: null })]);
  });

  it('on SIGTERM: cancelled, the started jobs named', async () => {
    const target = await simulator({ uploads: 600, jobLatencyMs: 1e9 });
    const run = await act(
      target,
      { 'upload-ids': ids(0, 600).join(',') },
      {
        onStart: (child) => {
          let seen = '';
          let sent = false;
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            if (!sent && (seen.match(/Submitted/g) ?? []).length === 3) {
              sent = true; // once: a second SIGTERM is Node's default exit
              child.kill('SIGTERM');
            }
          });
        },
      },
    );
    const report = reportOf(run);
    expect(report.outcome).toBe('cancelled');
    expect(report.error).toMatch(/Cancelled by SIGTERM/);
    expect(new Set(report.items.map((item) => item.fate))).toEqual(new Set(['pending']));
    expect(report.jobs).toHaveLength(3);
  });

  it('goes where report-file says, from the workspace', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await act(target, { 'upload-ids': uploadId(0), 'report-file': 'reports/cleanup.json' });
    expect(run.outputs['report-file']).toMatch(/\/workspace\/reports\/cleanup\.json$/);
    expect(reportOf(run).outcome).toBe('succeeded');
  });

  it('that cannot be written is a warning, and the run still reports its counts', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await act(
      target,
      { 'upload-ids': uploadId(0), 'report-file': 'notes.txt/report.json' },
      { workspaceFiles: { 'notes.txt': 'a file, not a folder' } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '1', 'report-file': '' });
    expect(run.stdout).toMatch(/::warning::The report could not be written to .*notes.txt\/report.json \(/);
  });

  it.each([
    ['a directory', { 'report-file': '.' }, {}, /report-file "." exists and is a directory/],
    ['a device', { 'report-file': '/dev/null' }, {}, /report-file "\/dev\/null" exists and is not a regular file/],
    [
      'the list file it reads',
      { 'upload-ids-file': 'ids.txt', 'report-file': './ids.txt' },
      { 'ids.txt': uid('a1') },
      /report-file ".\/ids.txt" is a list file the run reads/,
    ],
    [
      'the list file, through a linked folder',
      { 'upload-ids-file': 'lists/ids.txt', 'report-file': 'linked/ids.txt' },
      { 'lists/ids.txt': uid('a1') },
      /report-file "linked\/ids.txt" is a list file the run reads/,
    ],
    [
      'a link to the list file, seen from its real folder',
      { 'upload-ids-file': 'ids-link.txt', 'report-file': 'lists/ids.txt' },
      { 'lists/ids.txt': uid('a1') },
      /report-file "lists\/ids.txt" is a list file the run reads/,
    ],
    [
      "the runner's output file, through a link to its folder",
      { 'report-file': 'runner/output' },
      {},
      /report-file "runner\/output" is one of the runner's own files/,
    ],
  ])('is refused before any request when report-file is %s', async (_name, inputs, files, message) => {
    const target = await simulator({ uploads: 1 });
    const run = await act(
      target,
      { 'upload-ids': uploadId(0), ...inputs },
      // `runner` leads to the folder of GITHUB_OUTPUT (the workspace's parent here).
      { workspaceFiles: files, workspaceLinks: { linked: 'lists', 'ids-link.txt': 'lists/ids.txt', runner: '..' } },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
  });

  it('is refused when it is the event file the runner gives later steps', async () => {
    const target = await simulator({ uploads: 1 });
    const event = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
    writeFileSync(event, '{}');
    const run = await act(
      target,
      { 'upload-ids': uploadId(0), 'report-file': event },
      { env: { GITHUB_EVENT_PATH: event } },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/is one of the runner's own files/);
    expect(readFileSync(event, 'utf8')).toBe('{}');
  });
});

describe('what an attack on files and the report found', () => {
  it('refuses a list file that holds the API token, without printing it', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await act(
      target,
      { 'upload-ids-file': 'secret.env' },
      { workspaceFiles: { 'secret.env': `${TOKEN}\n` } },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      '::error::upload-ids-file "secret.env", line 1, holds the API token (not shown): that is not a list of IDs; check the path',
    );
    expect(target.requests).toEqual([]);
  });

  it.each(['upload-ids', 'query'])('refuses the API token in %s', async (input) => {
    const target = await simulator({ uploads: 1 });
    const run = await act(target, { [input]: TOKEN, ...(input === 'query' ? { 'upload-ids': uploadId(0) } : {}) });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(new RegExp(`^::error::${input} holds the API token \\(not shown\\)`));
    expect(target.requests).toEqual([]);
  });

  it('refuses a file of more than 64 MiB, unread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversize-'));
    const path = join(dir, 'ids.txt');
    writeFileSync(path, `${uid('a1')}\n`);
    truncateSync(path, 64 * 1024 * 1024 + 1); // sparse: nothing is really written
    try {
      const target = await simulator({ uploads: 1 });
      const run = await act(target, { 'upload-ids-file': path });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(/is more than 64 MiB \(67,108,864 bytes\): split it over several steps/);
      expect(target.requests).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(existsSync('/proc/self/pagemap'))(
    'stops reading a file that does not end (/proc), past 64 MiB',
    async () => {
      const target = await simulator({ uploads: 1 });
      const run = await act(target, { 'upload-ids-file': '/proc/self/pagemap' });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(
        /upload-ids-file "\/proc\/self\/pagemap" (is more than 64 MiB|is not UTF-8 text|holds NUL bytes)/,
      );
      expect(target.requests).toEqual([]);
    },
  );

  it('refuses one job ID given for two deletions', async () => {
    const target = await simulator({ uploads: 400 });
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      times: 2,
      status: 202,
      contentType: 'application/json',
      body: JSON.stringify({ data: { type: 'job', id: '77' } }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 400).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/202 with job ID 77, already given for another deletion/);
    expect(run.outputs['job-ids']).toBe('77');
  });
});
