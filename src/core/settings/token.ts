/** The API token: read, checked, and looked for in every other input, which must never hold it. */
import { InputError } from '../common/errors.ts';
import { INPUTS } from './inputs.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';
import { type InputReader } from './settings.ts';

/** CMA tokens are about 40 characters; a secret far longer holds something else (and would not fit a header). */
const MAX_TOKEN_LENGTH = 512;

/**
 * Refuses the token in any raw input but api-token, before any is parsed: a refusal of a value
 * quotes a piece of it, and a piece of the token must not be printed either. Looked for in any
 * case, and %-decoded (a URL may escape it).
 */
export function refuseTokenInInputs(input: InputReader, token: string, wording: Wording): void {
  if (token.length < MIN_SECRET_LENGTH) return;
  const lower = token.toLowerCase();
  const holds = (value: string) => value.toLowerCase().includes(lower) || decoded(value).toLowerCase().includes(lower);
  refuseTokenIn(
    INPUTS.filter(({ name }) => name !== 'api-token').map(({ name }) => [name, holds(input(name))] as const),
    wording,
  );
}

/** Throws for the first input, by name, that holds the token; the message never quotes it. */
export function refuseTokenIn(places: readonly (readonly [string, boolean])[], wording: Wording): void {
  const found = places.find(([, holds]) => holds);
  if (found !== undefined) {
    throw new InputError(
      `${found[0]} holds the API token (not shown): pass the token only in ${wording.token}, and check which secret ${found[0]} reads`,
    );
  }
}

/** `text` with its %-escapes decoded, as a server would read it; as it is when they are broken. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function parseToken(raw: string, wording: Wording = ACTION_WORDING): string {
  const token = raw.trim();
  const name = wording.token;
  if (token === '') {
    throw new InputError(`${name} is empty: pass a CMA API token, e.g. ${wording.tokenExample}`);
  }
  // A header value is sent as is: anything but visible ASCII would fail later as a network error.
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new InputError(
      `${name} is ${token.length} characters long, far more than a CMA token: check that the secret holds the token alone`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      `${name} holds whitespace, control or non-ASCII characters (a token is visible ASCII only): copy the token again from DatoCMS (Project settings > API tokens)`,
    );
  }
  return token;
}
