import type { CmaClient, EnvironmentInfo } from './cma-client.ts';
import { CmaApiError, EnvironmentError } from './errors.ts';
import { firstOf } from './short-list.ts';

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
): Promise<TargetEnvironment> {
  try {
    return requested === undefined ? await primaryOf(client) : await named(client, requested);
  } catch (error) {
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
  const primary = (await client.listEnvironments()).find((environment) => environment.primary);
  if (primary === undefined) {
    return requestedEnvironment(undefined, 'GET /environments does not list the primary environment to this token');
  }
  return confirmed(primary);
}

async function named(
  client: Pick<CmaClient, 'getEnvironment' | 'listEnvironments'>,
  requested: string,
): Promise<TargetEnvironment> {
  const found = await client.getEnvironment(requested);
  if (found === undefined) throw new EnvironmentError(await notFoundMessage(client, requested));
  if (found.id !== requested) {
    return requestedEnvironment(requested, `GET /environments/${requested} answered for environment ${found.id}`);
  }
  return confirmed(found);
}

function confirmed(environment: EnvironmentInfo): TargetEnvironment {
  if (environment.readOnly) {
    throw new EnvironmentError(
      `${describeEnvironment(environment)} is in read-only mode (meta.read_only_mode), so the API would refuse every deletion: nothing was deleted; take it out of read-only mode in DatoCMS, or target another environment`,
    );
  }
  return { id: environment.id, primary: environment.primary };
}

/** Names the environments that do exist, when the token may see them. */
async function notFoundMessage(client: Pick<CmaClient, 'listEnvironments'>, requested: string): Promise<string> {
  const intro = `environment ${requested} does not exist in this project (GET /environments/${requested} answered 404): nothing was deleted`;
  let known: EnvironmentInfo[];
  try {
    known = await client.listEnvironments();
  } catch (error) {
    if (isLookupRefused(error)) return `${intro}; check the environment input`;
    throw error;
  }
  const names = known.map((environment) => `${environment.id}${environment.primary ? ' (primary)' : ''}`);
  const existing = names.length === 0 ? 'none is visible to this token' : firstOf(names, MAX_NAMED);
  return `${intro}; the environments are: ${existing}: fix the environment input, or leave it empty for the primary environment`;
}

/** A refusal to read environments: a 403, or a 401 that is not about the token itself. */
function isLookupRefused(error: unknown): error is CmaApiError {
  if (!(error instanceof CmaApiError)) return false;
  if (error.status === 403) return true;
  return error.status === 401 && error.code !== undefined && error.code !== 'INVALID_AUTHORIZATION_HEADER';
}

/** `primary environment \`main\``, `sandbox environment \`staging-2026\``, or the input with why it is not confirmed. */
export function describeEnvironment(environment: TargetEnvironment | EnvironmentInfo): string {
  if ('unconfirmed' in environment && environment.unconfirmed !== undefined) {
    const which = environment.id === undefined ? 'primary environment' : `environment \`${environment.id}\``;
    return `${which} (not confirmed: ${environment.unconfirmed})`;
  }
  return `${environment.primary === true ? 'primary' : 'sandbox'} environment \`${environment.id ?? ''}\``;
}
