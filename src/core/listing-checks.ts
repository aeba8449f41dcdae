import { DATE_OPERATORS, isIsoDate, type Criteria, type FilterCondition } from './criteria.ts';
import { isUploadId } from './settings.ts';
import type { UploadInfo } from './upload-listing.ts';

type DateOperator = (typeof DATE_OPERATORS)[number];
const COMPARE: Record<DateOperator, (time: number, bound: number) => boolean> = {
  lt: (time, bound) => time < bound,
  lte: (time, bound) => time <= bound,
  gt: (time, bound) => time > bound,
  gte: (time, bound) => time >= bound,
};
/**
 * A listed `created_at` is an ISO 8601 date and time with its offset; anything else proves
 * nothing (without an offset, the runner's time zone would decide).
 */
const LISTED_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Keeps the listed uploads that the listing's own fields prove selectable; each one left out is
 * counted in a note saying why. What is checked: the ID is an upload ID, and `created_at`
 * satisfies every `_created_at` bound of the criteria (`older-than` among them). An upload whose
 * `created_at` is missing or not a date cannot prove a bound, so it is not selected.
 */
export function keepProven(uploads: readonly UploadInfo[], criteria: Criteria, notes: string[]): UploadInfo[] {
  const bounds = criteria.conditions.filter(isDateBound);
  const left: Record<LeftOut, number> = { badId: 0, noDate: 0, outside: 0 };
  const kept: UploadInfo[] = [];
  for (const upload of uploads) {
    const why = whyLeftOut(upload, bounds);
    if (why === undefined) kept.push(upload);
    else left[why]++;
  }
  if (left.badId > 0) notes.push(`${left.badId} listed upload(s) left out: their ID is not an upload ID`);
  if (left.noDate > 0) {
    notes.push(
      `${left.noDate} listed upload(s) left out: created_at is missing or not a date, so ${boundsName(bounds)} cannot be proven`,
    );
  }
  if (left.outside > 0) {
    notes.push(
      `${left.outside} listed upload(s) left out: created_at is outside ${boundsName(bounds)} (the API did not apply it)`,
    );
  }
  return kept;
}

type LeftOut = 'badId' | 'noDate' | 'outside';
type DateBound = FilterCondition & { op: DateOperator; value: string };

function whyLeftOut(upload: UploadInfo, bounds: readonly DateBound[]): LeftOut | undefined {
  if (!isUploadId(upload.id)) return 'badId';
  if (bounds.length === 0) return undefined;
  const time = listedTime(upload.createdAt);
  if (time === undefined) return 'noDate';
  return bounds.every((b) => COMPARE[b.op](time, Date.parse(b.value))) ? undefined : 'outside';
}

function isDateBound(c: FilterCondition): c is DateBound {
  return (
    c.field === '_created_at' && (DATE_OPERATORS as readonly string[]).includes(c.op) && typeof c.value === 'string'
  );
}

function listedTime(createdAt: string | undefined): number | undefined {
  if (createdAt === undefined || !LISTED_DATE.test(createdAt) || !isIsoDate(createdAt)) return undefined;
  return Date.parse(createdAt);
}

function boundsName(bounds: readonly FilterCondition[]): string {
  return bounds.map((b) => `_created_at ${b.op} ${String(b.value)}`).join(' and ');
}
