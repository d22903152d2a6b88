/**
 * API Gateway: GET /v1.0/apigw/statistics/api/latest?api_id&duration. As document 004 says:
 * up to an hour, the latest N minutes per minute; up to a day, the latest N hours per hour
 * (N + 1 when N is not whole); longer, the latest N days per day (likewise). The buckets are
 * whole minutes, hours or days (days in the zone), the current one included.
 */
import type { Router } from 'express';
import type { Config } from '../../config';
import { badRequest, notFound } from '../../http/errors';
import { addDays, startOfDay } from '../../time/calendar';
import { apiTraffic, latestBucketUnit, trafficApiIds } from '../../statistics/apiTraffic';
import type { BucketUnit, Store, TimeRange } from '../../store/Store';
import { required, single, timeZone } from '../params';
import { parseDuration } from './duration';
import { INVALID_PARAMETER } from './errors';
import { statisticsApi, type Cycle } from './shapes';

export const APIG_LATEST_PATH = '/v1.0/apigw/statistics/api/latest';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A year of days is the most this answers. */
const MAX_MS = 366 * DAY;

const CYCLES = { minute: 'MINUTE', hour: 'HOUR', day: 'DAY' } as const;

export function latestBuckets(durationMs: number, now: number, tz: string): { unit: BucketUnit; cycle: Cycle; range: TimeRange } {
  const unit = latestBucketUnit(durationMs);
  if (unit === 'day') {
    const n = Math.ceil(durationMs / DAY);
    return { unit, cycle: 'DAY', range: { fromMs: addDays(startOfDay(now, tz), 1 - n, tz), toMs: now + 1 } };
  }
  const width = unit === 'minute' ? 60_000 : HOUR;
  const n = Math.ceil(durationMs / width);
  return { unit, cycle: CYCLES[unit], range: { fromMs: Math.floor(now / width) * width - (n - 1) * width, toMs: now + 1 } };
}

export function apigLatestRoute(router: Router, config: Config, store: Store): void {
  router.get(APIG_LATEST_PATH, async (req, res) => {
    const tz = timeZone(req.query, config.timeZone, INVALID_PARAMETER);
    const apiId = required(single(req.query, 'api_id', INVALID_PARAMETER) || undefined, 'api_id', INVALID_PARAMETER);
    const durationText = required(single(req.query, 'duration', INVALID_PARAMETER) || undefined, 'duration', INVALID_PARAMETER);
    const duration = parseDuration(durationText);
    if (!duration || duration.ms > MAX_MS) throw badRequest('Invalid parameter value,parameterName:duration. Expected e.g. 1h or 30m, at most a year', INVALID_PARAMETER);
    const now = Date.now();
    const { unit, cycle, range } = latestBuckets(duration.ms, now, tz);
    const where = { api_id: [apiId] };
    if (!(await trafficApiIds(store, where)).length) throw notFound(`API ${apiId} does not exist`);
    const buckets = await apiTraffic(store, where, range, { unit, tz }, true);
    res.json({
      code: 'APIG.0000',
      msg: '',
      start_time: Math.floor(range.fromMs / 1000),
      end_time: Math.floor(now / 1000),
      list: buckets.map((b) => statisticsApi(b, { cycle, tz, nowMs: now, withApiFields: true, withReqTime: true })),
    });
  });
}
