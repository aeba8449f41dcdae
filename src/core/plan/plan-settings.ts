/**
 * The plan inputs (plan-file, plan-sha256, plan-max-age) read and checked, and what their plan
 * sets of a run.
 */
import { parseDuration } from '../criteria/older-than.ts';
import { shownValue } from '../common/shown-value.ts';
import { InputError } from '../common/errors.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import type { Files, Places } from '../settings/files.ts';
import { DEFAULT_PLAN_MAX_AGE, type InputReader, type Settings } from '../settings/settings.ts';
import { parsePath } from '../settings/run-files.ts';
import { refuseSetBeside } from '../settings/values.ts';
import type { Wording } from '../settings/wording.ts';
import type { Plan } from './plan-types.ts';

/** The plan inputs, read and checked. */
export interface PlanInputs {
  /** `plan-file`; undefined for a run that selects. */
  readonly file: string | undefined;
  /** `plan-sha256`, lowercase; undefined when not given. */
  readonly sha256: string | undefined;
  /** `plan-max-age` as written (or its default), and in ms. */
  readonly maxAge: string;
  readonly maxAgeMs: number;
}

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
 * The plan inputs, each checked, and refused when they do not go together: `plan-sha256` or a
 * `plan-max-age` of its own without `plan-file`, or an input that selects beside it.
 */
export function readPlanInputs(input: InputReader): PlanInputs {
  const file = parsePath('plan-file', input('plan-file'));
  const sha256 = parseSha256(input('plan-sha256'));
  const maxAge = (input('plan-max-age') || DEFAULT_PLAN_MAX_AGE).trim();
  const maxAgeMs = parseMaxAge(maxAge);
  if (file === undefined && input('plan-max-age').trim() !== '' && maxAge !== DEFAULT_PLAN_MAX_AGE) {
    throw new InputError(
      'plan-max-age is set but plan-file is empty: it limits the age of a plan to apply; set plan-file to the plan, or remove plan-max-age',
    );
  }
  if (file === undefined && sha256 !== undefined) {
    throw new InputError(
      'plan-sha256 is set but plan-file is empty: set plan-file to the plan to apply, or remove plan-sha256',
    );
  }
  if (file !== undefined) {
    refuseSetBeside(
      input,
      SELECTING,
      (name) =>
        `${name} is set beside plan-file: the plan is the selection, and applying it deletes only its items; remove ${name}, or make a new plan with it`,
    );
  }
  return { file, sha256, maxAge, maxAgeMs };
}

/**
 * What applying the plan `inputs.file` names sets of a run's settings: the plan, read and checked
 * (see readPlan), its selection (scope and criteria), and the environment it is applied in.
 */
export async function plannedSettings(
  inputs: PlanInputs & { readonly file: string },
  settings: Pick<Settings, 'apiToken' | 'maxDeletions' | 'environment' | 'criteria'>,
  host: { readonly places: Places; readonly files: Files },
  wording: Wording,
  now: Date,
): Promise<Pick<Settings, 'environment' | 'scope' | 'criteria'> & { readonly plan: Plan }> {
  const secret = settings.apiToken.length >= MIN_SECRET_LENGTH ? settings.apiToken : undefined;
  // Loaded only to apply a plan: the report's schema check is a large piece of code.
  const { readPlan } = await import('./plan.ts');
  const plan = readPlan(inputs.file, host.places, host.files, {
    sha256: inputs.sha256,
    maxAge: inputs.maxAge,
    maxAgeMs: inputs.maxAgeMs,
    maxDeletions: settings.maxDeletions,
    now,
    wording,
    secret,
    token: settings.apiToken,
  });
  const environment = plannedEnvironment(plan, settings.environment, wording);
  // The plan's confirm-unused holds even when the apply leaves the input out, and the input
  // confirms a plan made without it: either asks for the proof, neither can waive it.
  const confirmUnused = plan.criteria.confirmUnused || settings.criteria.confirmUnused;
  return { environment, scope: plan.scope, criteria: { ...plan.criteria, confirmUnused }, plan };
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
function parseSha256(raw: string): string | undefined {
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
function parseMaxAge(text: string): number {
  const ms = parseDuration('plan-max-age', text);
  if (ms === undefined) {
    throw new InputError(`plan-max-age is ${shownValue(text)}: expected a duration such as 7d, 12h or 2w`);
  }
  return ms;
}
