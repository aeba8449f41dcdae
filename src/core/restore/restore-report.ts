import type { RestoreResult, RestoreSettings } from './restore-result.ts';
import { reportText } from '../report/run-report.ts';

/** Bumped when a field changes meaning; `restore-report.schema.json` says what each version holds. */
export const RESTORE_REPORT_SCHEMA_VERSION = 1;

export interface RestoreReportContext {
  readonly tool: { readonly name: string; readonly version: string };
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error: string | undefined;
  readonly cancelled: boolean;
}

export type RestoreOutcome = 'succeeded' | 'failed-items' | 'failed' | 'cancelled' | 'dry-run';

export function restoreOutcome(
  result: RestoreResult,
  context: Pick<RestoreReportContext, 'error' | 'cancelled'>,
): RestoreOutcome {
  if (context.cancelled) return 'cancelled';
  if (context.error !== undefined) return 'failed';
  if (result.dryRun) return 'dry-run';
  return result.count('failed') > 0 ? 'failed-items' : 'succeeded';
}

/** The restore's report, an upload at a time (see restore-report.schema.json). */
export function* restoreReportText(
  result: RestoreResult,
  settings: RestoreSettings,
  context: RestoreReportContext,
): Generator<string> {
  const environment = result.environment;
  const header = {
    schemaVersion: RESTORE_REPORT_SCHEMA_VERSION,
    kind: 'restore',
    tool: context.tool,
    startedAt: new Date(context.startedAt).toISOString(),
    endedAt: new Date(context.endedAt).toISOString(),
    backup: {
      dir: result.dir,
      createdAt: result.manifest?.createdAt ?? null,
      environment: result.manifest?.environment.id ?? null,
      complete: result.manifest?.complete ?? null,
    },
    environment: {
      id: environment?.id ?? null,
      primary: environment?.primary ?? null,
      confirmed: environment !== undefined && environment.unconfirmed === undefined,
      requested: settings.environment ?? null,
    },
    dryRun: result.dryRun,
    baseUrl: settings.baseUrl,
    only: [...settings.only],
    outcome: restoreOutcome(result, context),
    error: context.error ?? null,
    counts: {
      selected: result.items.size,
      restored: result.count('restored'),
      skipped: result.count('skipped'),
      failed: result.count('failed'),
      pending: result.count('pending'),
    },
    idMap: Object.fromEntries(result.idMap.restored),
    notes: [...result.notes],
  };
  yield* reportText(header, restoreItems(result));
}

function* restoreItems(result: RestoreResult): Generator<string> {
  for (const [id, item] of result.items) {
    const entry = {
      kind: 'upload',
      id,
      fate: item.fate,
      reason: item.reason ?? null,
      newId: item.newId ?? null,
      jobId: item.jobId ?? null,
    };
    yield JSON.stringify(entry);
  }
}
