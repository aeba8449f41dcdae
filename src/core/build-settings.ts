import { parseDuration } from './criteria/older-than.ts';
import { shownValue } from './common/shown-value.ts';
import { InputError } from './common/errors.ts';
import type { Files, Places } from './settings/list-file.ts';
import type { Plan } from './plan/plan.ts';
import { MIN_SECRET_LENGTH } from './common/secret.ts';
import { DEFAULT_PLAN_MAX_AGE, type InputReader, type Settings } from './settings/settings.ts';
import { readSettings } from './settings/read-settings.ts';
import { checkReportFile, DEFAULT_APPLY_REPORT_NAME, DEFAULT_REPORT_NAME, parsePath } from './settings/run-files.ts';
import { refuseSetBeside } from './settings/values.ts';
import { refuseTokenInInputs, parseToken } from './settings/token.ts';
import { withListFiles, type ListFileCounts } from './settings/from-files.ts';
import type { Wording } from './settings/wording.ts';

/** The settings of a cleanup run: the inputs', the list files' entries, and the plan it applies. */
export type RunSettings = Settings & {
  readonly fromFiles: ListFileCounts;
  readonly fromInputs: { readonly uploadIds: number };
  /** `plan-file`, read and checked: the selection is its items, re-checked; undefined for a run that selects. */
  readonly plan: Plan | undefined;
};

/**
 * Inputs that select: beside `plan-file` they would change what was reviewed, so each is refused
 * when it is not its default.
 */
const SELECTING: readonly (readonly [string, string])[] = [
  ['upload-ids', ''],
  ['upload-tracks', ''],
  ['upload-ids-file', ''],
  ['upload-tracks-file', ''],
  ['filter', ''],
  ['query', ''],
  ['only-unused', 'false'],
  ['older-than', ''],
  ['scope', 'ids'],
];

/**
 * The settings of a run from its raw values (each front door reads its own: the action's
 * inputs, the command's flags and environment), the list files they name, and the plan that
 * `plan-file` names, all checked before any request. Rejects with InputError.
 */
export async function buildSettings(
  input: InputReader,
  host: { readonly places: Places; readonly files: Files },
  wording: Wording,
  now: Date = new Date(),
): Promise<RunSettings> {
  refuseTokenInInputs(input, parseToken(input('api-token'), wording), wording);
  const planFile = parsePath('plan-file', input('plan-file'));
  const sha256 = parseSha256(input('plan-sha256'));
  const maxAge = (input('plan-max-age') || DEFAULT_PLAN_MAX_AGE).trim();
  const maxAgeMs = parseMaxAge(maxAge);
  if (planFile === undefined && input('plan-max-age').trim() !== '' && maxAge !== DEFAULT_PLAN_MAX_AGE) {
    throw new InputError(
      'plan-max-age is set but plan-file is empty: it limits the age of a plan to apply; set plan-file to the plan, or remove plan-max-age',
    );
  }
  if (planFile === undefined && sha256 !== undefined) {
    throw new InputError(
      'plan-sha256 is set but plan-file is empty: set plan-file to the plan to apply, or remove plan-sha256',
    );
  }
  if (planFile !== undefined) {
    refuseSetBeside(
      input,
      SELECTING,
      (name) =>
        `${name} is set beside plan-file: the plan is the selection, and applying it deletes only its items; remove ${name}, or make a new plan with it`,
    );
  }
  const reportName = defaultReportName(planFile);
  const settings = withListFiles(readSettings(input, now, wording), host.places, host.files, wording, reportName);
  if (planFile === undefined) return { ...settings, plan: undefined };
  const secret = settings.apiToken.length >= MIN_SECRET_LENGTH ? settings.apiToken : undefined;
  checkReportFile({ ...settings, planFile }, host.places, host.files, reportName);
  // Loaded only to apply a plan: the report's schema check is a large piece of code.
  const { readPlan } = await import('./plan/plan.ts');
  const plan = readPlan(planFile, host.places, host.files, {
    sha256,
    maxAge,
    maxAgeMs,
    maxDeletions: settings.maxDeletions,
    now,
    wording,
    secret,
    token: settings.apiToken,
  });
  const environment = plannedEnvironment(plan, settings.environment, wording);
  return { ...settings, environment, scope: plan.scope, criteria: plan.criteria, plan };
}

/**
 * The report's name when report-file is empty: an apply's is not its plan's (a dry run's report,
 * by default in the same folder), so that the apply a dry run prints runs as printed.
 */
export function defaultReportName(plan: unknown): string {
  return plan === undefined ? DEFAULT_REPORT_NAME : DEFAULT_APPLY_REPORT_NAME;
}

/**
 * Where an apply sends its requests. A plan whose environment was confirmed is applied there by
 * its real ID (`X-Environment` on every request, the primary's too): what a lookup answers cannot
 * then move the deletions elsewhere, and a primary promoted since still gets the plan's uploads.
 * The `environment` input must name that environment, or, for a plan of the primary, be empty.
 * A plan whose environment was not confirmed is compared by name once the run has looked its own
 * environment up.
 */
function plannedEnvironment(plan: Plan, requested: string | undefined, wording: Wording): string | undefined {
  const { id, primary, confirmed } = plan.environment;
  if (!confirmed || id === null) return requested;
  if (requested === id || (requested === undefined && primary === true)) return id;
  const named = requested === undefined ? 'the primary environment (environment is empty)' : `environment ${requested}`;
  throw new InputError(
    `the plan was made for environment ${id}${primary === true ? ' (then the primary)' : ''}, but this run names ${named}: nothing was sent; set ${wording.setting('environment', id)}, or make a new plan for this environment`,
  );
}

/** `plan-sha256`: 64 hex digits (either case), as `sha256sum` and the `report-sha256` output write it. */
export function parseSha256(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new InputError(
      `plan-sha256 is ${shownValue(value)}: expected the 64 hex digits of the plan run's report-sha256 output`,
    );
  }
  return value.toLowerCase();
}

/** `plan-max-age`: a duration (`12h`, `7d`, `2w`). */
export function parseMaxAge(text: string): number {
  const ms = parseDuration('plan-max-age', text);
  if (ms === undefined) {
    throw new InputError(`plan-max-age is ${shownValue(text)}: expected a duration such as 7d, 12h or 2w`);
  }
  return ms;
}
