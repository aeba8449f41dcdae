/**
 * Which pull request a run comments on, from what the runner says (the event's name and file),
 * `pr-number`, and whether the run applies a plan. Pure: the event file is read elsewhere, and the
 * pull request that merged a pushed commit is asked of GitHub only when the answer says so.
 */

/** Where the comment goes: a pull request by number, the one that merged `sha`, or none (and why). */
export type PrTarget =
  | { readonly kind: 'number'; readonly number: number; readonly from: 'pr-number' | 'event' }
  | { readonly kind: 'merged'; readonly sha: string }
  | { readonly kind: 'none'; readonly why: string; readonly level: 'debug' | 'info' };

export interface RunFacts {
  /** GITHUB_EVENT_NAME. */
  readonly eventName: string;
  /** The event file's text, or why it could not be read (undefined when it was not read). */
  readonly event: { readonly text: string } | { readonly problem: string } | undefined;
  readonly prNumber: number | undefined;
  /** Deletes by a plan (plan-file set, not a dry run). */
  readonly appliesPlan: boolean;
  /** GITHUB_SHA. */
  readonly sha: string;
}

/** The events whose file names a pull request. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

export function prTarget(facts: RunFacts): PrTarget {
  if (facts.prNumber !== undefined) return { kind: 'number', number: facts.prNumber, from: 'pr-number' };
  const eventName = facts.eventName.trim();
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    if (facts.event === undefined || 'problem' in facts.event) {
      return { kind: 'none', level: 'debug', why: `the ${eventName} event file ${describeProblem(facts.event)}` };
    }
    const number = eventPullNumber(facts.event.text);
    if (typeof number === 'string') return { kind: 'none', level: 'debug', why: `the ${eventName} event ${number}` };
    return { kind: 'number', number, from: 'event' };
  }
  if (eventName === 'push' && facts.appliesPlan) {
    const sha = facts.sha.trim().toLowerCase();
    if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(sha)) return { kind: 'merged', sha };
    return { kind: 'none', level: 'info', why: 'GITHUB_SHA is not a commit SHA, so its pull request is not known' };
  }
  const what = eventName === '' ? 'no event' : `a ${eventName} event`;
  return {
    kind: 'none',
    level: 'debug',
    why: `${what}${eventName === 'push' ? ' that applies no plan' : ''} names no pull request and pr-number is empty`,
  };
}

function describeProblem(event: { readonly problem: string } | undefined): string {
  return event === undefined ? 'is not set (GITHUB_EVENT_PATH)' : `could not be read (${event.problem})`;
}

/** `pull_request.number` of an event file's text, checked; or why there is none. */
export function eventPullNumber(text: string): number | string {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return 'file is not JSON';
  }
  const pull = isObject(event) ? event.pull_request : undefined;
  const number = isObject(pull) ? pull.number : undefined;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1 || number > 2 ** 31 - 1) {
    return 'file has no pull_request.number that is a whole number of at least 1';
  }
  return number;
}

/**
 * The pull request that merged `sha`, from GitHub's answer to GET /repos/{o}/{r}/commits/{sha}/pulls:
 * a merged one whose merge commit is `sha` first, else the first merged one; undefined when none
 * was merged (a commit pushed straight to the branch).
 */
export function mergedPullOf(answer: unknown, sha: string): number | undefined {
  if (!Array.isArray(answer)) return undefined;
  const merged = answer.filter(
    (pull): pull is { number: number; merge_commit_sha?: unknown } =>
      isObject(pull) &&
      typeof pull.number === 'number' &&
      Number.isSafeInteger(pull.number) &&
      pull.number >= 1 &&
      typeof pull.merged_at === 'string' &&
      pull.merged_at !== '',
  );
  const own = merged.find((pull) => typeof pull.merge_commit_sha === 'string' && pull.merge_commit_sha === sha);
  return (own ?? merged[0])?.number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
