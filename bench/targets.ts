import { applyFloorMs } from './apply-case.ts';
import { restoreFloorMs } from './backup-case.ts';
import { floorMs, minimumRequests, type DeletionResult } from './deletion-case.ts';
import type { BenchResults } from './report.ts';
import { selectionFloorMs } from './selection-case.ts';

export interface Target {
  readonly name: string;
  readonly measured: string;
  /** undefined: the run did not measure it (e.g. `--quick`). */
  readonly met: boolean | undefined;
}

/** The case the speed targets are set on. */
const KEY_CASE = { uploads: 10_000, jobLatencyMs: 2000 } as const;
const MIN_SPEEDUP = 10;
const MAX_FLOOR_RATIO = 1.5;
const MAX_REQUEST_RATIO = 1.3;
const MAX_COLD_START_OVER_BARE_MS = 150;
const MAX_DIST_BYTES = 1.5 * 1024 * 1024;
const MAX_PEAK_MIB = 100;
/** A 64 MiB upload-ids-file must be refused below this peak, before any request. */
const MAX_REFUSED_PEAK_MIB = 150;
/** The 100,000-ID run from a file: its wall time at most this many times the rate limit's floor. */
const MAX_SCALE_FLOOR_RATIO = 1.3;
/** `verify` may cost this many times a plain run's requests (one lookup more per submission and poll). */
const MAX_VERIFY_RATIO = 1.5;
/** backup-dir may add this many times what the same downloads take alone; a restore this many times its floor. */
const MAX_BACKUP_RATIO = 1.5;
const MAX_RESTORE_RATIO = 1.5;
/** Applying a 10,000-upload plan: at most this many times its floor at the rate limit. */
const MAX_APPLY_RATIO = 1.3;

export function evaluateTargets(results: BenchResults): Target[] {
  const find = (client: string) =>
    results.deletions.find(
      (r) =>
        r.client === client && !r.wrong && r.uploads === KEY_CASE.uploads && r.jobLatencyMs === KEY_CASE.jobLatencyMs,
    );
  const action = find('action');
  const official = find('official');
  const actions = results.deletions.filter((r) => r.client === 'action' && !r.wrong);
  const wrong = results.deletions.filter((r) => r.wrong);
  const wrongSelections = [
    ...results.selections.filter((r) => r.wrong).map((r) => `selecting ${r.uploads}`),
    ...results.applies.filter((r) => r.wrong).map((r) => `applying ${r.uploads}`),
  ];
  const worstRequests = maxBy(actions, (r) => r.log.total / minimumRequests(r.uploads));
  const most429 = maxBy(actions, (r) => r.log.rateLimited);
  const overBare = results.coldStart.actionMs - results.coldStart.bareMs;
  const floor = floorMs(KEY_CASE.uploads, KEY_CASE.jobLatencyMs);
  const selection = results.selections.find((r) => !r.wrong);
  return [
    {
      name: 'every run exits 0 and deletes exactly the requested uploads (the targets below use correct runs only)',
      measured:
        wrong.length + wrongSelections.length
          ? `wrong: ${[...wrong.map((r) => `${r.client} ${label(r)}`), ...wrongSelections].join(', ')}`
          : 'all correct',
      met: wrong.length + wrongSelections.length === 0,
    },
    {
      name: `10,000 uploads at 2 s: at least ${MIN_SPEEDUP}x faster than the official client`,
      measured: action && official ? `${(official.ms / action.ms).toFixed(1)}x` : '-',
      met: action && official ? official.ms / action.ms >= MIN_SPEEDUP : undefined,
    },
    {
      name: `10,000 uploads at 2 s: within ${MAX_FLOOR_RATIO}x of the floor (${(floor / 1000).toFixed(1)} s)`,
      measured: action ? `${(action.ms / 1000).toFixed(2)} s = ${(action.ms / floor).toFixed(2)}x` : '-',
      met: action ? action.ms <= MAX_FLOOR_RATIO * floor : undefined,
    },
    requestTarget('10,000 uploads at 2 s', action),
    verifyTarget(action, find('action-verify')),
    {
      name: `selecting from ${selection ? selection.uploads.toLocaleString('en-US') : '50,000'} uploads: within ${MAX_FLOOR_RATIO}x of the listing floor`,
      measured: selection
        ? `${(selection.ms / 1000).toFixed(2)} s = ${(selection.ms / selectionFloorMs(selection)).toFixed(2)}x`
        : '-',
      met: selection ? selection.ms <= MAX_FLOOR_RATIO * selectionFloorMs(selection) : undefined,
    },
    applyTarget(results.applies.find((r) => !r.wrong && r.uploads === KEY_CASE.uploads)),
    ...backupTargets(results.backups.find((r) => !r.wrong)),
    requestTarget('every action run, worst', worstRequests),
    {
      name: 'no 429, every action run',
      measured: most429 ? `${most429.log.rateLimited} at most (${label(most429)})` : '-',
      met: most429 ? most429.log.rateLimited === 0 : undefined,
    },
    {
      name: `cold start at most ${MAX_COLD_START_OVER_BARE_MS} ms over bare Node`,
      measured: `${Math.round(overBare)} ms`,
      met: overBare <= MAX_COLD_START_OVER_BARE_MS,
    },
    {
      name: 'dist/index.js at most 1.5 MiB',
      measured: `${(results.distBytes / 1024 / 1024).toFixed(2)} MiB`,
      met: results.distBytes <= MAX_DIST_BYTES,
    },
    {
      name: `${results.memory.uploads.toLocaleString('en-US')} IDs from upload-ids-file at ${results.memory.jobLatencyMs / 1000} s: within ${MAX_SCALE_FLOOR_RATIO}x of the floor, report valid`,
      measured: `${(results.memory.ms / 1000).toFixed(2)} s = ${(results.memory.ms / floorMs(results.memory.uploads, results.memory.jobLatencyMs)).toFixed(2)}x${results.memory.wrong ? ` (wrong run: ${results.memory.wrong})` : ''}`,
      met:
        results.memory.ms <= MAX_SCALE_FLOOR_RATIO * floorMs(results.memory.uploads, results.memory.jobLatencyMs) &&
        !results.memory.wrong,
    },
    {
      name: `peak memory for ${results.memory.uploads.toLocaleString('en-US')} IDs at most ${MAX_PEAK_MIB} MiB`,
      measured: `${results.memory.actionMiB.toFixed(1)} MiB${results.memory.wrong ? ` (wrong run: ${results.memory.wrong})` : ''}`,
      met: results.memory.actionMiB <= MAX_PEAK_MIB && !results.memory.wrong,
    },
    {
      name: `a ${(results.refused.bytes / 1024 / 1024).toFixed(0)} MiB upload-ids-file is refused below ${MAX_REFUSED_PEAK_MIB} MiB, before any request`,
      measured: `${results.refused.peakMiB.toFixed(1)} MiB, ${results.refused.requests} request(s)${results.refused.wrong ? ` (wrong run: ${results.refused.wrong})` : ''}`,
      met: results.refused.peakMiB < MAX_REFUSED_PEAK_MIB && results.refused.requests === 0 && !results.refused.wrong,
    },
  ];
}

function applyTarget(result: BenchResults['applies'][number] | undefined): Target {
  const name = `applying a plan of 10,000 uploads at 2 s: within ${MAX_APPLY_RATIO}x of its floor (re-check listings, submissions, polls)`;
  if (!result) return { name, measured: '-', met: undefined };
  const floor = applyFloorMs(result);
  return {
    name,
    measured: `${(result.ms / 1000).toFixed(2)} s / ${(floor / 1000).toFixed(2)} s = ${(result.ms / floor).toFixed(2)}x`,
    met: result.ms <= MAX_APPLY_RATIO * floor,
  };
}

function backupTargets(result: BenchResults['backups'][number] | undefined): Target[] {
  const scope = result
    ? `${result.uploads.toLocaleString('en-US')} uploads of ${Math.round(result.bytesEach / 1024)} KiB`
    : '2,000 uploads of 200 KiB';
  if (!result) {
    return [
      {
        name: `backup-dir (${scope}): adds at most ${MAX_BACKUP_RATIO}x the downloads alone`,
        measured: '-',
        met: undefined,
      },
      {
        name: `restore (${scope}): within ${MAX_RESTORE_RATIO}x of the rate limit's floor`,
        measured: '-',
        met: undefined,
      },
    ];
  }
  const added = result.backupMs - result.plainMs;
  const floor = restoreFloorMs(result.uploads);
  return [
    {
      name: `backup-dir (${scope}): adds at most ${MAX_BACKUP_RATIO}x the downloads alone`,
      measured: `${(added / 1000).toFixed(2)} s / ${(result.downloadsMs / 1000).toFixed(2)} s = ${(added / result.downloadsMs).toFixed(2)}x`,
      met: added <= MAX_BACKUP_RATIO * result.downloadsMs,
    },
    {
      name: `restore (${scope}): within ${MAX_RESTORE_RATIO}x of the rate limit's floor (${(floor / 1000).toFixed(0)} s)`,
      measured: `${(result.restoreMs / 1000).toFixed(1)} s = ${(result.restoreMs / floor).toFixed(2)}x`,
      met: result.restoreMs <= MAX_RESTORE_RATIO * floor,
    },
  ];
}

function requestTarget(scope: string, result: DeletionResult | undefined): Target {
  if (!result)
    return { name: `requests at most ${MAX_REQUEST_RATIO}x the minimum (${scope})`, measured: '-', met: undefined };
  const min = minimumRequests(result.uploads);
  return {
    name: `requests at most ${MAX_REQUEST_RATIO}x the minimum (${scope})`,
    measured: `${result.log.total} / ${min} = ${(result.log.total / min).toFixed(2)}x (${label(result)})`,
    met: result.log.total <= MAX_REQUEST_RATIO * min,
  };
}

/**
 * `verify` at the key case against the plain run of the same case. A plain run's requests are its
 * minimum (one submission and one poll per job) plus what learning the job latency costs (the
 * first job's extra polls); verify adds one lookup per job, so it is judged against the plain run
 * measured, and the ratio to the bare minimum is shown beside it.
 */
function verifyTarget(plain: DeletionResult | undefined, verify: DeletionResult | undefined): Target {
  const name = `verify: requests at most ${MAX_VERIFY_RATIO}x a plain run's (10,000 uploads at 2 s)`;
  if (!plain || !verify) return { name, measured: '-', met: undefined };
  const min = minimumRequests(verify.uploads);
  return {
    name,
    measured: `${verify.log.total} / ${plain.log.total} = ${(verify.log.total / plain.log.total).toFixed(2)}x (${(verify.log.total / min).toFixed(2)}x the minimum of ${min})`,
    met: verify.log.total <= MAX_VERIFY_RATIO * plain.log.total,
  };
}

function label(result: DeletionResult): string {
  return `${result.uploads.toLocaleString('en-US')} @ ${result.jobLatencyMs / 1000} s`;
}

function maxBy<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || score(item) > score(best)) best = item;
  return best;
}
