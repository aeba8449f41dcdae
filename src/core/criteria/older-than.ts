/** `older-than` and the other durations: `30d`, `12h`, `2w`, or an ISO date. */
import { shownValue } from '../common/shown-value.ts';
import { InputError } from '../common/errors.ts';
import { isIsoDate } from '../common/iso-date.ts';
import { FINER_THAN_MS } from './filter.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = { h: 60 * 60 * 1000, d: DAY_MS, w: 7 * DAY_MS };

/** The longest duration, whatever its unit: about a century, far past any library's age. */
const MAX_DURATION_DAYS = 36_500;

const MAX_DURATION_MS = MAX_DURATION_DAYS * DAY_MS;

/**
 * `older-than`: `12h`, `30d`, `2w`, or an ISO date (`2026-01-31`, `2026-01-31T12:00:00Z`).
 * Written by hand: general duration parsers also read a bare `100` as milliseconds, which here
 * would select every upload.
 */
export function parseOlderThan(raw: string, now: Date): Date | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const duration = parseDuration('older-than', text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  if (!isIsoDate(text) || FINER_THAN_MS.test(text)) {
    throw new InputError(
      `older-than is ${shownValue(text)}: expected a duration such as 30d, 12h or 2w, or an ISO date such as 2026-01-31 (to the millisecond at most)`,
    );
  }
  const date = new Date(text);
  if (date.getTime() > now.getTime()) {
    throw new InputError(
      `older-than is ${shownValue(text)}, which is in the future: every upload is older than that; give a past date, or a duration such as 30d`,
    );
  }
  return date;
}

/**
 * `12h`, `30d` or `2w` in milliseconds; undefined when `text` is not written as a duration.
 * Throws for a duration of 0, or of more than MAX_DURATION_DAYS (one limit, whatever the unit), naming `input`.
 */
export function parseDuration(input: string, text: string): number | undefined {
  const duration = /^(\d{1,12})([hdw])$/.exec(text);
  if (duration === null) return undefined;
  const amount = Number(duration[1]);
  if (amount === 0) throw new InputError(`${input} is ${shownValue(text)}: use a duration above 0`);
  const ms = amount * (UNIT_MS[duration[2] ?? 'd'] ?? DAY_MS);
  if (ms > MAX_DURATION_MS) {
    throw new InputError(
      `${input} is ${shownValue(text)}, more than any duration it takes: use at most ${MAX_DURATION_DAYS}d (${MAX_DURATION_DAYS * 24}h, or ${Math.floor(MAX_DURATION_DAYS / 7)}w)`,
    );
  }
  return ms;
}
