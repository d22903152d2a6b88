/**
 * The Zadig insight family (/openapi/statistics): overview, build, deploy, test, v2 release
 * and v2 rollback detail. Errors: {"code", "description", "extra", "message", "type"}.
 */
import type { Request } from 'express';
import type { ApiFamily } from '../../http/family';
import type { ErrorRenderer } from '../../http/errors';
import { badRequest } from '../../http/errors';
import { dailyOutcomes, projectFilter } from '../../statistics/deliveryOutcomes';
import { inventory } from '../../statistics/inventory';
import { rollbackPage } from '../../statistics/rollbacks';
import { testSummary } from '../../statistics/testRuns';
import { integer, list, required, single, spelling, timeZone } from '../params';
import { buildShape, deployShape, overviewShape, releaseShape, rollbackShape, testShape } from './shapes';
import { zadigDays } from './window';

const PREFIX = '/openapi/statistics';
const MAX_PAGE_SIZE = 1000;

/** Zadig's HTTP error titles (pkg/tool/errors/http_errors.go); 503 has none there. */
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Request Not Found', 500: 'Internal Error', 503: 'Service Unavailable' };
/** As the released server's ErrorMessage writes it (a Go map: keys in sorted order). */
const renderError: ErrorRenderer = (e) => ({ code: e.status, description: e.message, extra: {}, message: TITLES[e.status] ?? e.message, type: 'error' });

/**
 * The projects of build/deploy/test: the document's `productNames` (a list), or the `projectKey`
 * (one project) that Zadig's released server reads instead; all projects when neither is given.
 */
function projects(query: Request['query']): string[] {
  const name = spelling(query, ['productNames', 'productNames[]', 'projectKey']);
  if (name !== 'projectKey') return list(query, 'productNames');
  const key = single(query, 'projectKey');
  return key ? [key] : [];
}

export const zadigFamily: ApiFamily = {
  name: 'zadig',
  prefixes: [PREFIX],
  renderError,
  endpoints: [
    { method: 'get', path: `${PREFIX}/overview`, summary: 'Distinct projects, clusters, services, workflows, environments and artifacts' },
    { method: 'get', path: `${PREFIX}/build`, summary: 'Daily builds: startDate, endDate (Unix s), productNames (or projectKey), tz' },
    { method: 'get', path: `${PREFIX}/deploy`, summary: 'Daily deploys: startDate, endDate (Unix s), productNames (or projectKey), tz' },
    { method: 'get', path: `${PREFIX}/test`, summary: 'Test runs by week: startDate, endDate (Unix s), productNames (or projectKey), tz' },
    { method: 'get', path: `${PREFIX}/v2/release`, summary: 'Daily production releases: start_time/startTime, end_time/endTime (Unix s), project_name/projectKey, tz' },
    { method: 'get', path: `${PREFIX}/v2/rollback/detail`, summary: 'Rollbacks: projectKey, envName, serviceName, startTime, endTime, pageNum, pageSize' },
  ],
  routes(router, { store, config }) {
    router.get(`${PREFIX}/overview`, async (_req, res) => {
      res.json(overviewShape(await inventory(store)));
    });

    for (const [kind, shape] of [['build', buildShape], ['deploy', deployShape]] as const) {
      router.get(`${PREFIX}/${kind}`, async (req, res) => {
        const window = zadigDays(req.query, [['startDate'], ['endDate']], timeZone(req.query, config.timeZone));
        res.json(shape(await dailyOutcomes(store, kind, projectFilter(projects(req.query)), window)));
      });
    }

    router.get(`${PREFIX}/test`, async (req, res) => {
      const window = zadigDays(req.query, [['startDate'], ['endDate']], timeZone(req.query, config.timeZone));
      res.json(testShape(await testSummary(store, projectFilter(projects(req.query)), window)));
    });

    router.get(`${PREFIX}/v2/release`, async (req, res) => {
      const window = zadigDays(req.query, [['start_time', 'startTime'], ['end_time', 'endTime']], timeZone(req.query, config.timeZone));
      const project = single(req.query, spelling(req.query, ['project_name', 'projectKey']) ?? 'project_name');
      res.json(releaseShape(await dailyOutcomes(store, 'release', projectFilter(project ? [project] : []), window)));
    });

    router.get(`${PREFIX}/v2/rollback/detail`, async (req, res) => {
      const start = required(integer(req.query, 'startTime', { min: 0 }), 'startTime');
      const end = required(integer(req.query, 'endTime', { min: 0 }), 'endTime');
      if (end < start) throw badRequest('endTime must not be before startTime');
      const pageNum = required(integer(req.query, 'pageNum', { min: 1 }), 'pageNum');
      const pageSize = required(integer(req.query, 'pageSize', { min: 1, max: MAX_PAGE_SIZE }), 'pageSize');
      const where: Record<string, string[]> = {};
      for (const [param, tag] of [['projectKey', 'project'], ['envName', 'env'], ['serviceName', 'service']] as const) {
        const value = single(req.query, param);
        if (value) where[tag] = [value];
      }
      // endTime is a whole second, included.
      const range = { fromMs: start * 1000, toMs: (end + 1) * 1000 };
      res.json(rollbackShape(await rollbackPage(store, where, range, { offset: (pageNum - 1) * pageSize, limit: pageSize })));
    });
  },
};
