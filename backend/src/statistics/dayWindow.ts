/** A run of whole days in a zone: what the daily statistics are computed over. */
import type { TimeRange } from '../store/Store';
import { addDays, daysBetween, startOfDay } from '../time/calendar';

export interface Day {
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface DayWindow {
  readonly tz: string;
  /** Oldest first. */
  readonly days: readonly Day[];
  /** From the first day's midnight to the end of the last day. */
  readonly range: TimeRange;
}

/** The longest window answered (about ten years), so a typo cannot ask for millions of days. */
export const MAX_DAYS = 3660;

/** The days from the one containing `fromMs` to the one containing `toMs` (inclusive). */
export function dayWindow(fromMs: number, toMs: number, tz: string): DayWindow {
  const first = startOfDay(fromMs, tz);
  const last = startOfDay(toMs, tz);
  if (last < first) throw new RangeError('the end is before the start');
  if ((last - first) / 86_400_000 > MAX_DAYS) throw new RangeError(`the range is longer than ${MAX_DAYS} days`);
  const days = daysBetween(first, last, tz);
  return { tz, days, range: { fromMs: first, toMs: days[days.length - 1].toMs } };
}

/** The last `count` days, today included. */
export function lastDays(count: number, nowMs: number, tz: string): DayWindow {
  const today = startOfDay(nowMs, tz);
  return dayWindow(addDays(today, 1 - count, tz), today, tz);
}
