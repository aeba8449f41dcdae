import type { Files, Places } from './settings/files.ts';
import type { Plan } from './plan/plan-types.ts';
import { plannedSettings, readPlanInputs } from './plan/plan-settings.ts';
import type { InputReader, Settings } from './settings/settings.ts';
import { readSettings } from './settings/read-settings.ts';
import { checkReportFile, DEFAULT_APPLY_REPORT_NAME, DEFAULT_REPORT_NAME } from './settings/run-files.ts';
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
  const planInputs = readPlanInputs(input);
  const planFile = planInputs.file;
  const reportName = defaultReportName(planFile);
  const settings = withListFiles(readSettings(input, now, wording), host.places, host.files, wording, reportName);
  if (planFile === undefined) return { ...settings, plan: undefined };
  checkReportFile({ ...settings, planFile }, host.places, host.files, reportName);
  return { ...settings, ...(await plannedSettings({ ...planInputs, file: planFile }, settings, host, wording, now)) };
}

/**
 * The report's name when report-file is empty: an apply's is not its plan's (a dry run's report,
 * by default in the same folder), so that the apply a dry run prints runs as printed.
 */
export function defaultReportName(plan: unknown): string {
  return plan === undefined ? DEFAULT_REPORT_NAME : DEFAULT_APPLY_REPORT_NAME;
}
