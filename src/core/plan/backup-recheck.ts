import type { UploadResource } from '../cma/cma-client.ts';
import type { Criteria } from '../criteria/criteria.ts';
import { isRecord } from '../common/guards.ts';
import { provableConditions, provingAttributes, whyLeftOut } from '../select/listing-checks.ts';
import { describeCondition } from '../criteria/upload-fields.ts';
import { fileChanged } from './plan-recheck.ts';
import type { Plan } from './plan-types.ts';
import type { SkippedItem } from '../select/selection.ts';
import { uploadInfo } from '../cma/upload-listing.ts';

/**
 * What the backup's listing of an upload (the last listing before its deletion, made minutes
 * after the selection for a large backup) is held to: applying a plan, the plan's file (`size`,
 * `md5`) and criteria; in any run, every criterion a listed upload proves. An upload that no
 * longer holds to them is skipped with why, and never deleted.
 */
export function recheckBeforeDeletion(
  criteria: Criteria,
  plan: Pick<Plan, 'uploads'> | undefined,
): (id: string, resource: UploadResource) => SkippedItem | undefined {
  const conditions = provableConditions(criteria);
  const keep = provingAttributes(criteria);
  const planned = plan === undefined ? undefined : new Map(plan.uploads.map((upload) => [upload.id, upload]));
  return (id, resource) => {
    const listed = uploadInfo(id, isRecord(resource.attributes) ? resource.attributes : {}, keep);
    const was = planned?.get(id);
    if (was !== undefined && fileChanged(was, listed)) {
      const why = `listed now with size ${String(listed.size)} and md5 ${String(listed.md5)}, planned with size ${String(was.size)} and md5 ${String(was.md5)}`;
      return { kind: 'upload', id, reason: 'file changed since the plan', listed, why };
    }
    const out = whyLeftOut(listed, conditions);
    if (out === undefined) return undefined;
    const reason = plan === undefined ? 'no longer matches the criteria' : "no longer matches the plan's criteria";
    const why =
      out.why === 'bad-id'
        ? 'its ID is not an upload ID'
        : `${describeCondition(out.condition)} ${out.why === 'fails' ? 'does not hold' : 'cannot be proven from its listing'}`;
    return { kind: 'upload', id, reason, listed, why };
  };
}
