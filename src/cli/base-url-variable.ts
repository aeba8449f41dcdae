import { InputError } from '../core/common/errors.ts';
import { DEFAULT_BASE_URL } from '../core/settings/settings.ts';
import { parseBaseUrl } from '../core/settings/values.ts';
import { UsageError } from './args.ts';

/** The base URL's variable: `--base-url` when the flag is not given (the flag wins). */
export const BASE_URL_VARIABLE = 'DATOCMS_BASE_URL';

/**
 * The run's raw values with `base-url` from DATOCMS_BASE_URL when the command line does not give
 * it. The variable is checked as the flag is (https, or http to this machine), and refused in the
 * variable's own name: a base URL nobody typed on this command line must not be a surprise.
 */
export function withBaseUrlVariable(
  inputs: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): ReadonlyMap<string, string> {
  const value = env[BASE_URL_VARIABLE];
  if (inputs.has('base-url') || value === undefined) return inputs;
  if (value.trim() === '') {
    // Read as unset, an empty variable would send the run to the real API instead of the one meant.
    throw new UsageError(
      `${BASE_URL_VARIABLE} is empty: give it a URL, e.g. ${BASE_URL_VARIABLE}=http://127.0.0.1:4010, or unset it to use ${DEFAULT_BASE_URL}`,
    );
  }
  try {
    parseBaseUrl(value);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new UsageError(
      `${BASE_URL_VARIABLE}${error.message.slice('base-url'.length)} (or unset it, or give --base-url)`,
    );
  }
  return new Map([...inputs, ['base-url', value]]);
}
