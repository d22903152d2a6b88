/**
 * Zadig's time parameters: Unix seconds; statistics run from 00:00 of the start's day to
 * 23:59:59.999 of the end's day in the zone. Both or neither: neither means the last 7 days.
 */
import type { Request } from 'express';
import { badRequest } from '../../http/errors';
import { dayWindow, lastDays, type DayWindow } from '../../statistics/dayWindow';
import { integer, spelling, withinRange } from '../params';

const MAX_SECONDS = 253402300799; // 9999-12-31

/** `names`: each bound's accepted spellings, the document's first (e.g. start_time, startTime). */
export function zadigDays(query: Request['query'], names: [start: readonly string[], end: readonly string[]], tz: string, now = Date.now()): DayWindow {
  const [startName, endName] = names.map((spellings) => spelling(query, spellings) ?? spellings[0]);
  const start = integer(query, startName, { min: 0, max: MAX_SECONDS });
  const end = integer(query, endName, { min: 0, max: MAX_SECONDS });
  if ((start === undefined) !== (end === undefined)) throw badRequest(`${startName} and ${endName} must be given together`);
  if (start === undefined || end === undefined) return lastDays(7, now, tz);
  return withinRange(() => dayWindow(start * 1000, end * 1000, tz));
}
