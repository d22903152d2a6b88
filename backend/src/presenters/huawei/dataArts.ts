/**
 * DataArts Factory: GET /v2/{project_id}/factory/monitor/task-statistics-overview.
 * Instances by status over today, yesterday, the day before, or the last seven days (days in
 * the zone); is_own=true counts the instances owned by the calling token's user.
 */
import type { Router } from 'express';
import type { Config } from '../../config';
import type { Caller } from '../../http/auth';
import { badRequest } from '../../http/errors';
import { addDays, startOfDay } from '../../time/calendar';
import { taskStatusCounts } from '../../statistics/taskStatus';
import type { Store, TimeRange } from '../../store/Store';
import { boolean, single, timeZone } from '../params';
import { DATAARTS_BAD_QUERY_DAYS, INVALID_PARAMETER } from './errors';

export const DATAARTS_PATH = '/v2/:project_id/factory/monitor/task-statistics-overview';

/** Each choice as [first day, last day], in days back from today. */
const QUERY_DAYS: Record<string, [number, number]> = { today: [0, 0], yesterday: [1, 1], before_yesterday: [2, 2], all: [6, 0] };

export function dataArtsRoute(router: Router, config: Config, store: Store): void {
  router.get(DATAARTS_PATH, async (req, res) => {
    const tz = timeZone(req.query, config.timeZone, INVALID_PARAMETER);
    const queryDays = single(req.query, 'query_days', DATAARTS_BAD_QUERY_DAYS) ?? 'today';
    const span = QUERY_DAYS[queryDays];
    if (!span) {
      throw badRequest(`The task query parameters [${queryDays}] are incorrect. Currently, the supported types of parameters are today, yesterday, before_yesterday, and all.`, DATAARTS_BAD_QUERY_DAYS);
    }
    const isOwn = boolean(req.query, 'is_own', INVALID_PARAMETER) ?? false;
    const today = startOfDay(Date.now(), tz);
    const range: TimeRange = { fromMs: addDays(today, -span[0], tz), toMs: addDays(today, 1 - span[1], tz) };
    const where: Record<string, string[]> = { project_id: [String(req.params.project_id)] };
    const workspace = req.header('workspace');
    if (workspace) where.workspace = [workspace];
    // An unnamed token (or no auth at all) owns no instances.
    if (isOwn) where.owner = (res.locals.caller as Caller).user ? [(res.locals.caller as Caller).user!] : [];
    const c = await taskStatusCounts(store, where, range);
    res.json({
      fail_count: c.fail, force_success_count: c.force_success, freeze_count: c.freeze, ignore_success_count: c.ignore_success,
      manual_stop_count: c.manual_stop, pause_count: c.pause, running_count: c.running, running_exception_count: c.running_exception,
      skip_count: c.skip, success_count: c.success, total_count: c.total, waiting_confirm_count: c.waiting_confirm, waiting_count: c.waiting,
    });
  });
}
