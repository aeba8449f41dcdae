import type { Clock } from '../core/common/clock.ts';
import type { Output } from './display.ts';

/** Exit codes: done, failed, bad command line (nothing was sent). Interrupted runs exit 130 or 143. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** What the command reads and writes: the process, or a test's stand-in. */
export interface CommandIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly clock?: Clock;
}

/** The token's variable: the one DatoCMS's own CLI and clients read. */
export const TOKEN_VARIABLE = 'DATOCMS_API_TOKEN';
