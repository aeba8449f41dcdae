/**
 * `confirm-unused` within a run: before any backup or deletion, each selected upload's references
 * are read, and only the uploads no record links stay selected.
 */
import type { RunSettings } from './build-settings.ts';
import type { CmaClient } from './cma/cma-client.ts';
import { firstOf } from './common/short-list.ts';
import type { CleanupResult } from './result/result.ts';
import { confirmUnused, describeReferences } from './select/confirm-unused.ts';
import type { RunSeams } from './seams.ts';

/** Most uploads a reason's lines name one by one in the log; the report names every one. */
const MAX_NAMED = 10;

/**
 * Confirms the selection's uploads unused (when `confirm-unused`, or the plan applied, asks):
 * those records link and those whose references could not be read are skipped, with why; those
 * gone are skipped as gone when applying a plan, failed `not found` in a run that deletes, and
 * left selected in a dry run (applying its plan finds them gone). Tracks are not confirmed:
 * records do not link them.
 */
export async function confirmFirst(
  settings: Pick<RunSettings, 'criteria' | 'dryRun'>,
  result: CleanupResult,
  { log }: Pick<RunSeams, 'log'>,
  scope: { readonly client: CmaClient; readonly signal: AbortSignal },
): Promise<void> {
  const ids = result.selection?.uploadIds ?? [];
  if (!settings.criteria.confirmUnused || ids.length === 0) return;
  log.info(`Confirming that the ${ids.length} selected upload(s) are unused: reading the records that reference each`);
  const { unused, kept, gone } = await confirmUnused(ids, scope.client, scope.signal);
  const inUse = kept.filter((item) => item.references !== undefined);
  const notConfirmed = kept.filter((item) => item.references === undefined);
  result.confirmation = {
    checked: ids.length,
    unused: unused.length,
    inUse: inUse.length,
    notConfirmed: notConfirmed.length,
  };
  for (const item of inUse.slice(0, MAX_NAMED)) {
    if (item.references !== undefined)
      log.info(`Upload ${item.id} is kept: ${describeReferences(item.references)} reference it`);
  }
  for (const item of notConfirmed.slice(0, MAX_NAMED)) {
    log.warning(`Upload ${item.id} is kept, not confirmed unused: ${item.why ?? 'its references could not be read'}`);
  }
  log.info(
    `Confirmed ${unused.length} of ${ids.length} upload(s) unused; kept ${inUse.length} in use by records and ${notConfirmed.length} not confirmed`,
  );
  if (gone.length === 0) {
    result.skipSelected(kept);
    return;
  }
  const words = `${gone.length} selected upload(s) no longer exist (their references answered 404): ${firstOf(gone, MAX_NAMED)}`;
  if (result.plan !== undefined) {
    result.skipSelected([
      ...kept,
      ...gone.map((id) => ({ kind: 'upload' as const, id, reason: 'gone since the plan' as const })),
    ]);
  } else if (settings.dryRun) {
    result.skipSelected(kept);
    log.warning(`${words}; applying this plan skips them`);
  } else {
    result.skipSelected(kept);
    result.failSelected(gone.map((id) => ({ id, reason: 'not found' as const })));
    result.notes.push(`${gone.length} upload(s) do not exist: ${firstOf(gone, MAX_NAMED)}`);
    log.info(`${words}: they count as failed`);
  }
}
