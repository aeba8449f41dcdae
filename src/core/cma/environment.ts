import type { CmaClient, EnvironmentInfo } from './cma-client.ts';
import { ACTION_WORDING, type Wording } from '../settings/wording.ts';
import { CmaApiError, UnexpectedAnswerError } from './errors.ts';
import { firstOf } from '../common/short-list.ts';

/** The environment a run deletes in, as the API named it (or as asked, when it could not be looked up). */
export interface TargetEnvironment {
  /** The real ID (`main`); the `environment` input when not confirmed; undefined for an unconfirmed primary. */
  readonly id: string | undefined;
  /** True for the primary; undefined when not confirmed. */
  readonly primary: boolean | undefined;
  /** Why the lookup could not confirm it; undefined once confirmed. */
  readonly unconfirmed?: string;
}

/** What a run targets before (or without) a lookup: the input as given. */
export function requestedEnvironment(requested: string | undefined, why: string): TargetEnvironment {
  return { id: requested, primary: undefined, unconfirmed: why };
}

/** The environment cannot take the deletions: it does not exist, or is read-only. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  /** The environment as far as the lookup went, for the summary and the outputs. */
  readonly target: TargetEnvironment;

  constructor(message: string, target: TargetEnvironment) {
    super(message);
    this.target = target;
  }
}

/** Most environment IDs named in an error. */
const MAX_NAMED = 10;

/**
 * Looks up the environment `requested` names (undefined = the primary) before anything is
 * selected: its real ID, whether it is the primary, and that it exists and takes writes. One
 * that does not exist, or is in read-only mode, throws EnvironmentError. A token whose role may
 * not read environments, or does not see the target, still works: the result then says why the
 * environment is not confirmed, and the API itself refuses writes where it must.
 */
export async function resolveEnvironment(
  client: Pick<CmaClient, 'getEnvironment' | 'listEnvironments'>,
  requested: string | undefined,
  wording: Wording = ACTION_WORDING,
): Promise<TargetEnvironment> {
  try {
    return requested === undefined ? await primaryOf(client) : await named(client, requested, wording);
  } catch (error) {
    if (!(error instanceof CmaApiError)) throw error;
    // What the answer is about decides, whatever its status.
    if (error.codes.includes('INVALID_ENVIRONMENT')) {
      throw new EnvironmentError(
        `${error.request} answered ${error.answer}: the environment ${requested ?? '(primary)'} does not exist: nothing was deleted; fix ${wording.input('environment')}, or ${wording.leaveOut} for the primary environment`,
        requestedEnvironment(requested, `${error.request} answered ${error.answer}`),
      );
    }
    if (error.codes.includes('ENVIRONMENT_IN_READ_ONLY_MODE')) {
      throw readOnly(requestedEnvironment(requested, `${error.request} answered ${error.answer}`));
    }
    if (isLookupRefused(error)) {
      return requestedEnvironment(
        requested,
        `${error.request} answered ${error.answer}: the API token's role may not read environments`,
      );
    }
    throw error;
  }
}

async function primaryOf(client: Pick<CmaClient, 'listEnvironments'>): Promise<TargetEnvironment> {
  const primaries = (await client.listEnvironments()).filter((environment) => environment.primary);
  if (primaries.length > 1) {
    throw new UnexpectedAnswerError('GET /environments', `${primaries.length} primary environments`);
  }
  const [primary] = primaries;
  if (primary === undefined) {
    return requestedEnvironment(undefined, 'GET /environments does not list the primary environment to this token');
  }
  return confirmed(primary);
}

async function named(
  client: Pick<CmaClient, 'getEnvironment' | 'listEnvironments'>,
  requested: string,
  wording: Wording,
): Promise<TargetEnvironment> {
  const found = await client.getEnvironment(requested);
  if (found === undefined) {
    const why = `GET /environments/${requested} answered 404`;
    const message = await notFoundMessage(client, requested, wording);
    throw new EnvironmentError(message, requestedEnvironment(requested, why));
  }
  if (found.id !== requested) {
    throw new UnexpectedAnswerError(`GET /environments/${requested}`, `environment ${found.id} instead`);
  }
  return confirmed(found);
}

function confirmed(environment: EnvironmentInfo): TargetEnvironment {
  const target = { id: environment.id, primary: environment.primary };
  if (environment.readOnly) throw readOnly(target);
  return target;
}

function readOnly(target: TargetEnvironment): EnvironmentError {
  return new EnvironmentError(
    `${describeEnvironment(target)} is in read-only mode, so the API would refuse every deletion: nothing was deleted; take it out of read-only mode in DatoCMS, or target another environment`,
    target,
  );
}

/** Names the environments that do exist, when the token may see them. */
async function notFoundMessage(
  client: Pick<CmaClient, 'listEnvironments'>,
  requested: string,
  wording: Wording,
): Promise<string> {
  const intro = `environment ${requested} does not exist in this project (GET /environments/${requested} answered 404): nothing was deleted`;
  let known: EnvironmentInfo[];
  try {
    known = await client.listEnvironments();
  } catch (error) {
    if (isLookupRefused(error)) return `${intro}; check ${wording.input('environment')}`;
    throw error;
  }
  if (known.some((environment) => environment.id === requested)) {
    return `${intro}, yet GET /environments lists it: the API contradicts itself; try again later, and please report it`;
  }
  const names = known.map((environment) => `${environment.id}${environment.primary ? ' (primary)' : ''}`);
  const existing = names.length === 0 ? 'none is visible to this token' : firstOf(names, MAX_NAMED);
  return `${intro}; the environments are: ${existing}: fix ${wording.input('environment')}, or ${wording.leaveOut} for the primary environment`;
}

/** A refusal to read environments: a 403 or 401 for want of permission, never one about the token itself. */
function isLookupRefused(error: unknown): error is CmaApiError {
  if (!(error instanceof CmaApiError) || (error.status !== 401 && error.status !== 403)) return false;
  return error.code === 'INSUFFICIENT_PERMISSIONS' || (error.status === 403 && error.code === undefined);
}

/** `primary environment \`main\``, `sandbox environment \`staging-2026\``, or the input with why it is not confirmed. */
export function describeEnvironment(environment: TargetEnvironment | EnvironmentInfo): string {
  if ('unconfirmed' in environment && environment.unconfirmed !== undefined) {
    const which = environment.id === undefined ? 'primary environment' : `environment \`${environment.id}\``;
    return `${which} (not confirmed: ${environment.unconfirmed})`;
  }
  return `${environment.primary === true ? 'primary' : 'sandbox'} environment \`${environment.id ?? ''}\``;
}
