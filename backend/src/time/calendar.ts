/**
 * Days in an IANA time zone: "a day" runs from local 00:00 to 23:59:59.999, so in a zone with
 * daylight saving a day can last 23 or 25 hours. Built on Intl; no date library needed.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** The wall clock through Intl: exact, and slow (~3 µs a call). */
function intlParts(ms: number, tz: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts as unknown as LocalParts;
}

/** Offset of the zone from UTC at that instant, in ms (local = utc + offset). */
function offsetAt(ms: number, tz: string): number {
  const p = intlParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time (month 1-12) shows in the zone. */
function wallTime(year: number, month: number, day: number, tz: string, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const guess = wall - hourlyOffsetAt(wall, tz);
  return wall - hourlyOffsetAt(guess, tz); // second pass settles across an offset change
}

/** The instant of local midnight starting that calendar date (month 1-12) in the zone. */
export const localMidnight = (year: number, month: number, day: number, tz: string): number => wallTime(year, month, day, tz);

/** 'YYYY-MM-DD' of the instant in the zone. */
export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The wall clock: the UTC fields of the instant moved by the zone's offset. A ROMA answer labels
 * 7,200 minute buckets, which through Intl alone took ~250 ms; a 90-day window's days and the
 * rollups' check of each local midnight ~3 ms a request (and ~2 ms more where wallTime, below,
 * asked Intl for each midnight).
 */
function localParts(ms: number, tz: string): LocalParts {
  const wall = new Date(Math.floor(ms / 1000) * 1000 + hourlyOffsetAt(ms, tz));
  return {
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(),
  };
}

/** 'YYYY-MM-DD HH:mm:ss' of the instant in the zone. */
export function localDateTime(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

const HOUR_MS = 3_600_000;
/** Per zone, the offset of each UTC hour asked, or null where it changes within the hour. */
const hourOffsets = new Map<string, Map<number, number | null>>();
const MAX_HOURS_KEPT = 100_000;

/**
 * offsetAt, asking Intl twice per UTC hour rather than per instant: an hour whose first and last
 * second have the same offset has it throughout (a zone's offset changes a few times a year at
 * most, never twice within an hour); an hour with a change asks per instant.
 */
function hourlyOffsetAt(ms: number, tz: string): number {
  let hours = hourOffsets.get(tz);
  if (!hours) hourOffsets.set(tz, (hours = new Map()));
  const hour = Math.floor(ms / HOUR_MS) * HOUR_MS;
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = offsetAt(hour, tz);
    offset = offsetAt(hour + HOUR_MS - 1000, tz) === first ? first : null;
    if (hours.size >= MAX_HOURS_KEPT) hours.clear();
    hours.set(hour, offset);
  }
  return offset ?? offsetAt(ms, tz);
}

/** Start (local midnight) of the day that contains the instant. */
export function startOfDay(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return localMidnight(p.year, p.month, p.day, tz);
}

/** Start of the day `days` calendar days after the day that starts at `dayStart`. */
export function addDays(dayStart: number, days: number, tz: string): number {
  const p = localParts(dayStart, tz);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return localMidnight(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), tz);
}

/** Parses 'YYYY-MM-DD' (a calendar date) to its local midnight in the zone. */
export function parseLocalDate(text: string, tz: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return localMidnight(year, month, day, tz);
}

/** Parses 'YYYY-MM-DD HH:mm:ss' as a wall-clock time in the zone. */
export function parseLocalDateTime(text: string, tz: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m || parseLocalDate(m[1], tz) === undefined) return undefined;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const [year, month, day] = m[1].split('-').map(Number);
  return wallTime(year, month, day, tz, hour, minute, second);
}

/** The days covering [firstDayStart, lastDayStart], each with its [start, end) instants. */
export function daysBetween(firstDayStart: number, lastDayStart: number, tz: string): Array<{ date: string; fromMs: number; toMs: number }> {
  const days: Array<{ date: string; fromMs: number; toMs: number }> = [];
  for (let start = firstDayStart; start <= lastDayStart; ) {
    const next = addDays(start, 1, tz);
    days.push({ date: localDate(start, tz), fromMs: start, toMs: next });
    start = next;
  }
  return days;
}

const pad = (n: number): string => String(n).padStart(2, '0');
