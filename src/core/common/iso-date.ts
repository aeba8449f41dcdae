/** ISO 8601 dates as the inputs and listings write them. */

/** `2026-01-31` or `2026-01-31T12:00:00Z` (with an offset or Z), naming a real day. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return false;
  return !Number.isNaN(new Date(text).getTime()) && isCalendarDate(text.slice(0, 10));
}

/** `YYYY-MM-DD` names a real day: `Date` would roll 2026-02-31 over to March 3. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.getUTCFullYear() === year && date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
}
