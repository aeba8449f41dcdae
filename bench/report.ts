import { cpus } from 'node:os';
import { applyFloorMs, applyMinimumRequests, type ApplyResult } from './apply-case.ts';
import { IN_USE, type ConfirmResult } from './confirm-case.ts';
import { restoreFloorMs, RESTORE_REQUESTS_PER_UPLOAD, type BackupResult } from './backup-case.ts';
import type { ColdStart } from './cold-start.ts';
import { floorMs, minimumRequests, RATE_LIMIT, type DeletionResult } from './deletion-case.ts';
import type { PeakMemory } from './memory.ts';
import type { RefusedFile } from './refused-file-case.ts';
import { minimumPages, selectionFloorMs, unusedCount, type SelectionResult } from './selection-case.ts';
import { evaluateTargets, type Target } from './targets.ts';

export interface BenchResults {
  readonly quick: boolean;
  readonly deletions: readonly DeletionResult[];
  readonly selections: readonly SelectionResult[];
  /** Applying a plan (plan-file). */
  readonly applies: readonly ApplyResult[];
  /** Deleting with only-unused, with and without confirm-unused. */
  readonly confirms: readonly ConfirmResult[];
  /** backup-dir then restore-from; empty when not measured. */
  readonly backups: readonly BackupResult[];
  readonly coldStart: ColdStart;
  /** Sizes of the command's bundle: dist/cli/index.js (what --version loads) and every .js of dist/cli/. */
  readonly commandBytes: { readonly entry: number; readonly total: number };
  readonly distBytes: number;
  /** Bytes of dist/'s chunks that the action loads only when needed. */
  readonly actionChunkBytes: number;
  /** First 12 hex digits, to tell which build was measured. */
  readonly distSha256: string;
  /** '' when dist/index.js stayed the same during the run; else the two hashes. */
  readonly distChanged: string;
  readonly memory: PeakMemory;
  /** The 64 MiB upload-ids-file that must be refused. */
  readonly refused: RefusedFile;
}

/** BENCHMARKS.md: the machine, the table, the other measures and the targets. */
export function renderReport(results: BenchResults, date = new Date()): string {
  const cpu = cpus();
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${results.quick ? ' -- --quick' : ''}\` on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC,`,
    `${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), Node ${process.version}.`,
    ...(results.distChanged
      ? ['', `**dist/index.js was rebuilt during this run (${results.distChanged}): the numbers mix two builds.**`]
      : []),
    '',
    ...renderDeletions(results.deletions),
    '',
    ...renderVerified(results.deletions),
    '',
    ...renderSelections(results.selections),
    '',
    ...renderApplies(results.applies),
    '',
    ...renderConfirms(results.confirms),
    '',
    ...renderBackups(results.backups),
    '',
    ...renderOthers(results),
    '',
    ...renderTargets(evaluateTargets(results)),
    '',
    ...renderRequestLogs(results.deletions),
  ].join('\n');
}

function renderDeletions(results: readonly DeletionResult[]): string[] {
  const lines = [
    '## Deleting uploads',
    '',
    `Each run gets a fresh simulator: budget ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s (fixed window), numeric upload IDs, plus 10 decoy uploads that must survive.`,
    'The action is `node dist/index.js` run as the runner runs it (IDs in `INPUT_UPLOAD-IDS`); the official client is',
    '`bench/official-client.ts`: `@datocms/cma-client-node`, one `uploads.bulkDestroy` of 200 IDs at a time, the client polling each job.',
    'Wall times run from spawn to exit, Node start included. Floor = max(job latency, minimum requests / 20 per s);',
    'minimum requests = 2 per job of 200 (one submission, one poll). The fixed window admits its first 60 requests at once,',
    'so a run of at most 60 requests can beat this floor.',
    '',
    '| uploads | job latency | floor | action wall | × floor | action requests (min) | action 429s | official wall | official requests | official 429s | official / action | check |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [action, official] of pairs(results)) {
    const floor = floorMs(action.uploads, action.jobLatencyMs);
    const wrong = [action, official].filter((r) => r?.wrong).map((r) => `WRONG ${r?.client}: ${r?.wrong}`);
    lines.push(
      row([
        action.uploads.toLocaleString('en-US'),
        seconds(action.jobLatencyMs),
        seconds(floor),
        seconds(action.ms),
        `${(action.ms / floor).toFixed(2)}x`,
        `${action.log.total} (${minimumRequests(action.uploads)})`,
        String(action.log.rateLimited),
        official ? seconds(official.ms) : 'skipped',
        official ? String(official.log.total) : '-',
        official ? String(official.log.rateLimited) : '-',
        official && !official.wrong && !action.wrong ? `${(official.ms / action.ms).toFixed(1)}x` : '-',
        wrong.length ? wrong.join('; ').replaceAll('|', '/').replaceAll('\n', ' ') : 'ok',
      ]),
    );
  }
  return lines;
}

/** `verify: 'true'` beside a plain run of the same case: what the lookups cost. */
function renderVerified(results: readonly DeletionResult[]): string[] {
  const lines = [
    '## Verified deletions',
    '',
    "The same run with `verify: 'true'`: after each job reports success, one `GET /uploads?filter[ids]=...` of its 200 uploads.",
    '',
    '| uploads | job latency | plain wall | verify wall | plain requests | verify requests | minimum (plain) | verify / plain | verify / minimum | check |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const verify of results.filter((r) => r.client === 'action-verify')) {
    const plain = results.find(
      (r) => r.client === 'action' && r.uploads === verify.uploads && r.jobLatencyMs === verify.jobLatencyMs,
    );
    const min = minimumRequests(verify.uploads);
    lines.push(
      row([
        verify.uploads.toLocaleString('en-US'),
        seconds(verify.jobLatencyMs),
        plain ? seconds(plain.ms) : '-',
        seconds(verify.ms),
        plain ? String(plain.log.total) : '-',
        String(verify.log.total),
        String(min),
        plain ? `${(verify.log.total / plain.log.total).toFixed(2)}x` : '-',
        `${(verify.log.total / min).toFixed(2)}x`,
        verify.wrong ? `WRONG: ${verify.wrong.replaceAll('|', '/').replaceAll('\n', ' ')}` : 'ok',
      ]),
    );
  }
  return lines;
}

function renderApplies(results: readonly ApplyResult[]): string[] {
  return [
    '## Applying a plan',
    '',
    'A dry run by IDs (`upload-ids-file`) makes the plan (not timed); after a fresh rate-limit window, the action applies it',
    'with `plan-file` and `plan-sha256`: one re-check listing (`filter[ids]`) per 200 planned uploads, then the deletions.',
    'Floor = max(job latency, (listings + submissions + polls) / 20 per s).',
    '',
    '| planned uploads | job latency | requests (min) | floor | wall | × floor | 429s | check |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map((r) => {
      const floor = applyFloorMs(r);
      return row([
        r.uploads.toLocaleString('en-US'),
        seconds(r.jobLatencyMs),
        `${r.log.total} (${applyMinimumRequests(r.uploads)})`,
        seconds(floor),
        seconds(r.ms),
        `${(r.ms / floor).toFixed(2)}x`,
        String(r.log.rateLimited),
        r.wrong ? `WRONG: ${r.wrong}` : 'ok',
      ]);
    }),
  ];
}

/** Its section of BENCHMARKS.md. */
function renderConfirms(results: readonly ConfirmResult[]): string[] {
  return [
    '## confirm-unused',
    '',
    `Uploads deleted with \`scope: library\` and \`only-unused\` (plus ${IN_USE} in use that must survive), with and without`,
    `\`confirm-unused\`, same budget (${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s), 50 ms jobs. With it, one \`GET /uploads/:id/references\``,
    'per upload is read before the first deletion, through the same rate limiter.',
    '',
    '| uploads | confirm-unused | wall | requests | references | 429s | check |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.uploads.toLocaleString('en-US')} | ${r.confirm ? 'on' : 'off'} | ${seconds(r.ms)} | ${r.log.total} | ${r.references} | ${r.log.rateLimited} | ${r.wrong ? `WRONG: ${r.wrong}` : 'ok'} |`,
    ),
  ];
}

function renderSelections(results: readonly SelectionResult[]): string[] {
  return [
    '## Selecting from a large library',
    '',
    `A dry run with \`scope: library\` and \`only-unused\` (one upload in 100 is in use), same budget; every listing page takes`,
    'the page latency to answer. Floor = max(page latency, pages / 20 per s), pages = matching uploads / 500.',
    'Before the pages were read concurrently, the same run took about pages x latency.',
    '',
    '| library | page latency | pages (min) | floor | wall | × floor | 429s | pages x latency | check |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map((r) => {
      const floor = selectionFloorMs(r);
      const min = minimumPages(unusedCount(r.uploads));
      return row([
        r.uploads.toLocaleString('en-US'),
        seconds(r.pageLatencyMs),
        `${r.pages} (${min})`,
        seconds(floor),
        seconds(r.ms),
        `${(r.ms / floor).toFixed(2)}x`,
        String(r.log.rateLimited),
        seconds(min * r.pageLatencyMs),
        r.wrong ? `WRONG: ${r.wrong}` : 'ok',
      ]);
    }),
  ];
}

function renderBackups(results: readonly BackupResult[]): string[] {
  return [
    '## Backup and restore',
    '',
    "The same budget, jobs of 0.5 s. Downloads alone: the same files fetched from the simulator's asset host (https on",
    'loopback) to disk by plain undici, as many at a time as the backup downloads. Backup added: the cleanup with',
    '`backup-dir` minus the same cleanup without it (the extra listing, the downloads with their checks, the manifest).',
    'Downloads, cleanup and cleanup + backup are medians of 3 rounds, each on a fresh simulator; the restore runs once.',
    `Restore floor: ${RESTORE_REQUESTS_PER_UPLOAD} CMA requests per upload (upload request, create, one poll) at 20 per s; the storage PUT is not a CMA request.`,
    '',
    '| uploads | size each | downloads alone | cleanup | cleanup + backup | backup added | × downloads | restore | restore requests | restore floor | × floor | check |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map((r) => {
      const added = r.backupMs - r.plainMs;
      return row([
        r.uploads.toLocaleString('en-US'),
        `${Math.round(r.bytesEach / 1024)} KiB`,
        seconds(r.downloadsMs),
        seconds(r.plainMs),
        seconds(r.backupMs),
        seconds(added),
        `${(added / r.downloadsMs).toFixed(2)}x`,
        seconds(r.restoreMs),
        String(r.restoreRequests),
        seconds(restoreFloorMs(r.uploads)),
        `${(r.restoreMs / restoreFloorMs(r.uploads)).toFixed(2)}x`,
        r.wrong ? `WRONG: ${r.wrong}` : 'ok',
      ]);
    }),
  ];
}

function renderOthers(results: BenchResults): string[] {
  const { coldStart, memory, refused } = results;
  return [
    '## Start, size, memory',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| cold start, \`node dist/index.js\` with nothing to delete (median of ${coldStart.runs}) | ${ms(coldStart.actionMs)} |`,
    `| \`node -e 0\`, same binary (median of ${coldStart.runs}) | ${ms(coldStart.bareMs)} |`,
    `| cold start over bare Node | ${ms(coldStart.actionMs - coldStart.bareMs)} |`,
    `| the same run commenting on a pull request (\`@actions/github\` loaded, GitHub simulator on loopback; median of ${coldStart.runs}) | ${ms(coldStart.actionCommentMs)} |`,
    `| command: \`node dist/cli/index.js --version\` (median of ${coldStart.runs}) | ${ms(coldStart.commandVersionMs)} |`,
    `| command with nothing to delete (median of ${coldStart.runs}) | ${ms(coldStart.commandEmptyMs)} |`,
    `| size of dist/index.js | ${(results.distBytes / 1024).toFixed(0)} KiB (${results.distBytes.toLocaleString('en-US')} bytes, sha256 ${results.distSha256}) |`,
    `| size of the action's chunks loaded only when needed (the pull-request comment, a plan's schema check) | ${(results.actionChunkBytes / 1024).toFixed(0)} KiB (${results.actionChunkBytes.toLocaleString('en-US')} bytes) |`,
    `| size of the command: dist/cli/index.js, loaded first | ${(results.commandBytes.entry / 1024).toFixed(0)} KiB (${results.commandBytes.entry.toLocaleString('en-US')} bytes) |`,
    `| size of the command: every file of dist/cli/ (the engine is a chunk loaded for a run) | ${(results.commandBytes.total / 1024).toFixed(0)} KiB (${results.commandBytes.total.toLocaleString('en-US')} bytes) |`,
    `| peak memory (peak RSS), ${memory.uploads.toLocaleString('en-US')} IDs from \`upload-ids-file\`, ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s, ${seconds(memory.jobLatencyMs)} jobs${memory.wrong ? ` (WRONG: ${memory.wrong.replaceAll('|', '/')})` : ''} | ${memory.actionMiB.toFixed(1)} MiB |`,
    `| wall time of that run (floor ${seconds(floorMs(memory.uploads, memory.jobLatencyMs))}) | ${seconds(memory.ms)} = ${(memory.ms / floorMs(memory.uploads, memory.jobLatencyMs)).toFixed(2)}x |`,
    `| its report (validated against report.schema.json) | ${(memory.reportBytes / 1024 / 1024).toFixed(1)} MiB |`,
    `| peak memory of the same run with 1 ID (the bundle's code, Node and V8) | ${memory.baselineMiB.toFixed(1)} MiB |`,
    `| peak memory of \`node -e 0\` | ${memory.bareMiB.toFixed(1)} MiB |`,
    `| requests of the ${memory.uploads.toLocaleString('en-US')}-ID run (jobs, polls per job min/median/max) | ${memory.log.total} (${memory.log.jobs}, ${memory.log.pollsPerJob}) |`,
    `| refused: a ${(refused.bytes / 1024 / 1024).toFixed(0)} MiB \`upload-ids-file\` of ${refused.ids.toLocaleString('en-US')} IDs, max-deletions 1000: peak memory${refused.wrong ? ` (WRONG: ${refused.wrong.replaceAll('|', '/')})` : ''} | ${refused.peakMiB.toFixed(1)} MiB |`,
    `| requests before that refusal, and its time | ${refused.requests}, ${seconds(refused.ms)} |`,
  ];
}

function renderTargets(targets: readonly Target[]): string[] {
  return [
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...targets.map((t) => row([t.name, t.measured, t.met === undefined ? 'not measured' : t.met ? 'yes' : '**no**'])),
  ];
}

function renderRequestLogs(results: readonly DeletionResult[]): string[] {
  return [
    '## Request logs (simulator)',
    '',
    '| client | uploads | job latency | jobs | polls | polls per job (min/median/max) | 429s (first-last arrival) | last request at |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...results.map((r) =>
      row([
        r.client,
        r.uploads.toLocaleString('en-US'),
        seconds(r.jobLatencyMs),
        String(r.log.jobs),
        String(r.log.polls),
        r.log.pollsPerJob,
        r.log.rateLimited ? `${r.log.rateLimited} (${r.log.rateLimitedAt})` : '0',
        ms(r.log.lastRequestAt),
      ]),
    ),
  ];
}

/** Each action result with the official one of the same case, if it ran. */
function pairs(results: readonly DeletionResult[]): [DeletionResult, DeletionResult | undefined][] {
  return results
    .filter((r) => r.client === 'action')
    .map((action) => [
      action,
      results.find(
        (r) => r.client === 'official' && r.uploads === action.uploads && r.jobLatencyMs === action.jobLatencyMs,
      ),
    ]);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function seconds(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
