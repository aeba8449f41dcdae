/** A plan's criteria rebuilt as inputs are read, and held to the conditions its listing sent. */
import { parseCriteria, type Criteria } from '../criteria/criteria.ts';
import { InputError } from '../common/errors.ts';
import type { ReportCriteria } from './plan-report.ts';

/**
 * The plan's criteria, rebuilt from its filter, only-unused, older-than cut-off and query exactly
 * as inputs are read (so the same names and values are refused), then held to the conditions the
 * plan's listing sent: a plan whose parts disagree was edited.
 */
export function plannedCriteria(named: string, criteria: ReportCriteria, now: Date): Criteria {
  let rebuilt: Criteria;
  try {
    rebuilt = parseCriteria(
      {
        filter: criteria.filter === null ? '' : JSON.stringify(criteria.filter),
        query: criteria.query ?? '',
        onlyUnused: criteria.onlyUnused,
        olderThan: criteria.olderThan?.before ?? '',
        // Absent from plans made before confirm-unused existed: they did not confirm.
        confirmUnused: criteria.confirmUnused ?? false,
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${named} has criteria this version refuses (${error.message}): make a new plan`);
  }
  const sent = JSON.stringify(criteria.conditions.map(({ field, op, value }) => [field, op, value]));
  const agreed = JSON.stringify(rebuilt.conditions.map(({ field, op, value }) => [field, op, value]));
  if (sent !== agreed || (criteria.query ?? undefined) !== rebuilt.query) {
    throw new InputError(
      `${named} has criteria whose parts disagree (conditions against filter, only-unused and older-than): it was edited; make a new plan`,
    );
  }
  const olderThan =
    criteria.olderThan === null ? undefined : { input: criteria.olderThan.input, before: criteria.olderThan.before };
  const described =
    olderThan === undefined
      ? rebuilt.described
      : rebuilt.described.map((line) => line.replace(`(older than ${olderThan.before})`, "(the plan's cut-off)"));
  return { ...rebuilt, olderThan, described };
}
