import * as core from '@actions/core';

/** The part of the GitHub runner the action talks to: a seam so that `run()` can be tested with a fake. */
export interface Runner {
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  setFailed(message: string): void;
  /** Appends markdown to the job summary; does nothing when the runner gives no summary file. */
  writeSummary(markdown: string): Promise<void>;
}

export const actionsRunner: Runner = {
  getInput: (name) => core.getInput(name),
  setSecret: (secret) => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  setFailed: (message) => core.setFailed(message),
  writeSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown).write();
  },
};

/** The run's log lines, as the runner writes them. */
export function runLog(runner: Runner): { info(m: string): void; warning(m: string): void; debug(m: string): void } {
  return {
    info: (message) => runner.info(message),
    warning: (message) => runner.warning(message),
    debug: (message) => runner.debug(message),
  };
}
