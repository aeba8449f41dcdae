/**
 * `plan-file` within a run: the plan's environment checked, its items re-checked, the selection
 * what still qualifies.
 */
import { type RunSettings } from './build-settings.ts';
import type { CmaClient } from './cma/cma-client.ts';
import { checkPlanEnvironment, recheckPlan } from './plan/plan-recheck.ts';
import type { CleanupResult } from './result/result.ts';
import { describeBinding } from './plan/plan-binding.ts';
import { type Selection } from './select/selection.ts';
import { type RunSeams } from './seams.ts';

/** The plan's items that still qualify, once the run is known to target the plan's environment. */
export async function applying(
  settings: RunSettings,
  result: CleanupResult,
  seams: RunSeams,
  client: CmaClient,
): Promise<Selection> {
  const plan = settings.plan;
  if (plan === undefined || result.environment === undefined) throw new Error('internal error: no plan to apply');
  const warning = checkPlanEnvironment(plan, result.environment, settings.environment, seams.wording);
  if (warning !== undefined) seams.log.warning(warning);
  for (const note of plan.warnings) seams.log.warning(note);
  seams.log.info(
    `Applying the plan ${plan.file} (SHA-256 ${plan.sha256}, made ${plan.madeAt.toISOString()}, ${describeBinding(plan)}): re-checking its ${plan.uploads.length} upload(s) and ${plan.tracks.length} track(s)`,
  );
  // Until the re-check answers, the plan's items are the selection: a run that stops during it
  // reports each of them, not sent.
  result.select({
    uploadIds: plan.uploads.map((upload) => upload.id),
    uploads: undefined,
    unlisted: 0,
    tracks: plan.tracks,
    described: [`the plan ${plan.file}, not re-checked: the run stopped first`],
    notes: [],
  });
  return recheckPlan(plan, client);
}
