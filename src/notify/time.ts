// Calendar arithmetic in Asia/Ho_Chi_Minh: UTC+7 all year (Vietnam has no daylight saving),
// so a fixed offset is exact and no time-zone database is needed for planning.
export const VN_TIMEZONE = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar day "YYYY-MM-DD" → days since 1970-01-01. */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

const fromDayNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The calendar day in Vietnam at an instant. */
export function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of `hour`:00 in Vietnam on a calendar day. */
export function vnInstant(date: string, hour: number): number {
  return dayNumber(date) * DAY_MS + hour * 3_600_000 - VN_OFFSET_MS;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The Monday of the week holding a calendar day. */
export function mondayOf(date: string): string {
  const n = dayNumber(date);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return fromDayNumber(n - weekday);
}

/** "2023-12-31" → "31/12/2023", the way dates are written in Vietnam. */
export function formatViDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export const iso = (ms: number) => new Date(ms).toISOString();
