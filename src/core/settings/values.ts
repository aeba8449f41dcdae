/** Parsers of one input each, for the inputs that take a word, a number, a size, a switch or a URL. */
import { InputError } from '../common/errors.ts';
import { shownUrl, shownValue } from '../common/shown-value.ts';
import { type DeleteEndpoint, type InputReader, DEFAULT_BASE_URL } from './settings.ts';

const DELETE_ENDPOINTS: readonly DeleteEndpoint[] = ['auto', 'batch-destroy', 'bulk-destroy'];

/** GitHub-hosted jobs run for 6 hours at most: a longer wait is a typo. */
const MAX_JOB_TIMEOUT_SECONDS = 6 * 60 * 60;

/**
 * Throws InputError for the first of `inputs` (each with its default) that is set to anything
 * else: beside `restore-from` or `plan-file`, an input that selects would be ignored, or change
 * what was reviewed. `message` says why, naming the input.
 */
export function refuseSetBeside(
  input: InputReader,
  inputs: readonly (readonly [name: string, fallback: string])[],
  message: (name: string) => string,
): void {
  for (const [name, fallback] of inputs) {
    const value = input(name).trim();
    if (value !== '' && value !== fallback) throw new InputError(message(name));
  }
}

export const DEFAULT_BACKUP_MAX_BYTES = '5GB';

const BYTE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

/** `5GB`, `500 MB`, `1.5TB`, `1048576`: units are powers of 1024 (KiB, MiB... are read the same). */
export function parseByteCount(name: string, raw: string): number {
  const value = raw.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?i?B)?$/i.exec(value);
  const unit = (match?.[2] ?? 'B').toUpperCase().replace('IB', 'B');
  const bytes = match === null ? Number.NaN : Math.floor(Number(match[1]) * (BYTE_UNITS[unit] ?? Number.NaN));
  if (!(bytes >= 1 && bytes <= Number.MAX_SAFE_INTEGER)) {
    throw new InputError(
      `${name} is ${shownValue(value)}: expected a size of at least 1 byte with a unit, e.g. 5GB, 500MB or 100KB (powers of 1024)`,
    );
  }
  return bytes;
}

export function parseScope(raw: string): 'ids' | 'library' {
  const value = raw.trim();
  if (value === 'ids' || value === 'library') return value;
  throw new InputError(
    `scope is ${shownValue(value)}: expected ids (narrow upload-ids) or library (search the whole media library)`,
  );
}

export function parseDeleteEndpoint(raw: string): DeleteEndpoint {
  const value = raw.trim();
  const endpoint = DELETE_ENDPOINTS.find((name) => name === value);
  if (endpoint !== undefined) return endpoint;
  throw new InputError(
    `delete-endpoint is ${shownValue(value)}: expected auto (batch-destroy, then bulk-destroy if that route is gone), batch-destroy or bulk-destroy`,
  );
}

export function parseMaxDeletions(raw: string): number {
  const value = raw.trim();
  const count = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1))
    throw new InputError(`max-deletions is ${shownValue(value)}: expected a whole number of at least 1, e.g. 1000`);
  return count;
}

/** Same spellings as `core.getBooleanInput`, which cannot take a default of its own. */
export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim();
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`${name} is ${shownValue(value)}: expected true or false`);
}

export function parseJobTimeout(raw: string): number {
  const value = raw.trim();
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_JOB_TIMEOUT_SECONDS)) {
    throw new InputError(
      `job-timeout is ${shownValue(value)}: expected a number of seconds from 1 to ${MAX_JOB_TIMEOUT_SECONDS}, e.g. 600`,
    );
  }
  return Math.round(seconds * 1000);
}

/** https only, except plain http to this machine (the simulator, a local proxy). */
export function parseBaseUrl(raw: string): string {
  const value = raw.trim();
  // A refusal quotes the URL without its user and password, or its query: they may be secrets.
  const shown = shownUrl(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`base-url ${shown} is not a URL: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  const why = baseUrlProblem(url, value);
  if (why !== undefined) {
    throw new InputError(`base-url ${shown} ${why}: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function baseUrlProblem(url: URL, raw: string): string | undefined {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'must use https (plain http is allowed only for this machine: 127.x.x.x, localhost and [::1])';
  }
  if (url.username !== '' || url.password !== '') return 'must not hold credentials';
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    return 'must not hold a query or a fragment';
  }
  if (/[\s\p{Cc}\\]/u.test(raw)) return 'must not hold whitespace, control characters or backslashes';
  return undefined;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Quotes a user value for an error message, short and on one line. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
