/**
 * ROMA Connect: GET /v2/{project_id}/apic/instances/{instance_id}/statistics/api.
 * The time range follows the document: start_time + end_time; or end_time - duration; or
 * now - duration; none of them is an error. A range may span at most 72 hours, and a
 * duration given in minutes alone at most 90 minutes.
 */
import type { Request, Router } from 'express';
import type { Config } from '../../config';
import { badRequest, notFound } from '../../http/errors';
import { parseLocalDateTime } from '../../time/calendar';
import { apiTraffic, trafficApiIds } from '../../statistics/apiTraffic';
import type { Store, TimeRange } from '../../store/Store';
import { single, timeZone } from '../params';
import { parseDuration } from './duration';
import { INVALID_PARAMETER } from './errors';
import { statisticsApi, type Cycle } from './shapes';

export const ROMA_PATH = '/v2/:project_id/apic/instances/:instance_id/statistics/api';

const MODES = ['ALL', 'APP', 'API', 'INSTANCE'] as const;
const CYCLES: Record<Cycle, 'minute' | 'hour' | 'day'> = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' };
const MAX_RANGE_MS = 72 * 3_600_000;
const MAX_MINUTES_MS = 90 * 60_000;

export function romaRoute(router: Router, config: Config, store: Store): void {
  router.get(ROMA_PATH, async (req, res) => {
    const q = req.query;
    const tz = timeZone(q, config.timeZone, INVALID_PARAMETER);
    const mode = oneOf(single(q, 'mode', INVALID_PARAMETER) ?? 'INSTANCE', MODES, 'mode');
    const cycle = oneOf((single(q, 'cycle', INVALID_PARAMETER) ?? 'MINUTE').toUpperCase(), Object.keys(CYCLES) as Cycle[], 'cycle');
    const apiId = single(q, 'api_id', INVALID_PARAMETER);
    const appId = single(q, 'roma_app_id', INVALID_PARAMETER);
    if (mode === 'API' && !apiId) throw badRequest('Invalid parameter value,parameterName:api_id. mode API needs api_id', INVALID_PARAMETER);
    if (mode === 'APP' && !appId) throw badRequest('Invalid parameter value,parameterName:roma_app_id. mode APP needs roma_app_id', INVALID_PARAMETER);
    const now = Date.now();
    const range = timeRange(q, tz, now);
    const where: Record<string, string[]> = { project_id: [String(req.params.project_id)], instance_id: [String(req.params.instance_id)] };
    if (apiId) where.api_id = [apiId];
    if (appId) where.app_id = [appId];
    if (apiId && !(await trafficApiIds(store, where)).length) throw notFound(`API ${apiId} does not exist`);
    const byApi = mode === 'API' || mode === 'INSTANCE';
    const buckets = await apiTraffic(store, where, range, { unit: CYCLES[cycle], tz }, byApi);
    res.json({
      code: 'APIG.0000',
      start_time: Math.floor(range.fromMs / 1000),
      end_time: Math.floor((range.toMs - 1) / 1000),
      list: buckets.map((b) => statisticsApi(b, { cycle, tz, nowMs: now, withApiFields: byApi, withReqTime: cycle === 'MINUTE' })),
    });
  });
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) throw badRequest(`Invalid parameter value,parameterName:${name}. Allowed: ${allowed.join(', ')}`, INVALID_PARAMETER);
  return value as T;
}

function timeRange(q: Request['query'], tz: string, now: number): TimeRange {
  const time = (name: string) => {
    const text = single(q, name, INVALID_PARAMETER);
    if (text === undefined || text === '') return undefined;
    const ms = parseLocalDateTime(text, tz);
    if (ms === undefined) throw badRequest(`Invalid parameter value,parameterName:${name}. Expected YYYY-MM-DD HH:mm:ss`, INVALID_PARAMETER);
    return ms;
  };
  const start = time('start_time');
  const end = time('end_time');
  const durationText = single(q, 'duration', INVALID_PARAMETER);
  const duration = durationText ? parseDuration(durationText) : undefined;
  if (durationText && !duration) throw badRequest('Invalid parameter value,parameterName:duration. Expected an integer and a unit, h or m (1h, 2h45m, 90m)', INVALID_PARAMETER);
  if (duration?.minutesOnly && duration.ms > MAX_MINUTES_MS) throw badRequest('Invalid parameter value,parameterName:duration. At most 90 minutes', INVALID_PARAMETER);

  let fromMs: number;
  let toMs: number;
  if (start !== undefined && end !== undefined) [fromMs, toMs] = [start, end];
  else if (start !== undefined) [fromMs, toMs] = [start, duration ? start + duration.ms : now];
  else if (duration) [fromMs, toMs] = [(end ?? now) - duration.ms, end ?? now];
  else throw badRequest('missing time range parameters', INVALID_PARAMETER);
  if (toMs < fromMs) throw badRequest('Invalid parameter value,parameterName:end_time. end_time is before start_time', INVALID_PARAMETER);
  if (toMs - fromMs > MAX_RANGE_MS) throw badRequest('Invalid parameter value. The time range may span at most 72 hours', INVALID_PARAMETER);
  return { fromMs, toMs: toMs + 1 };
}
