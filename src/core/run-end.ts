/**
 * How a run (a cleanup or a restore) ends: its report written, hashed and freed of the token,
 * whatever stopped it.
 */
import { createHash } from 'node:crypto';
import { describeCause } from './common/errors.ts';
import { secretHider } from './common/secret.ts';
import { type Host, type RunSeams } from './seams.ts';

/** How a run ended, for the front door to render. */
export interface RunEnd {
  /** The fatal error, as the user should read it; undefined when the run went to its end. */
  readonly error: Error | undefined;
  readonly durationMs: number;
  /**
   * Where the report was written and the SHA-256 (hex) of the file as written (the
   * `report-sha256` output; a dry run's is its plan's), or, with `problem`, where it could not be.
   */
  readonly report: { readonly path: string; readonly sha256?: string; readonly problem?: string };
  /** The report document, chunk by chunk, the same as the file holds (for `--json`). */
  document(): Iterable<string>;
}

/** Writes the report (a failure to is a warning: the summary still has the counts) and says how the run ended. */
export function endRun(
  error: Error | undefined,
  durationMs: number,
  path: string,
  document: () => Iterable<string>,
  seams: Pick<RunSeams, 'log'>,
  host: Pick<Host, 'writeText'>,
): RunEnd {
  const hash = createHash('sha256');
  function* hashed(): Generator<string> {
    for (const chunk of document()) {
      hash.update(chunk, 'utf8');
      yield chunk;
    }
  }
  try {
    host.writeText(path, hashed());
  } catch (writeError) {
    const problem = describeCause(writeError);
    seams.log.warning(`The report could not be written to ${path} (${problem}); the counts are in the summary`);
    return { error, durationMs, report: { path, problem }, document };
  }
  return { error, durationMs, report: { path, sha256: hash.digest('hex') }, document };
}

/**
 * The report's chunks with the token replaced by `redacted` (a word that fits every ID's pattern
 * of the schema), as JSON writes it: the settings refuse it in every input, but an API answer
 * could still echo it (a job ID, an error code). A chunk holds whole items, so the token is never
 * split between two.
 */
export function* withoutSecret(chunks: Iterable<string>, token: string): Generator<string> {
  const hide = secretHider(token, 'redacted');
  for (const chunk of chunks) yield hide(chunk);
}
