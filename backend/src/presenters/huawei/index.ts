/**
 * The Huawei family: ROMA Connect API statistics, DataArts task-statistics overview, and API
 * Gateway latest calls. Token in X-Auth-Token (or Bearer); errors as {"error_code", "error_msg"}.
 */
import type { ApiFamily } from '../../http/family';
import { apigLatestRoute, APIG_LATEST_PATH } from './apigLatest';
import { dataArtsRoute } from './dataArts';
import { renderHuaweiError } from './errors';
import { romaRoute } from './roma';

export const huaweiFamily: ApiFamily = {
  name: 'huawei',
  prefixes: ['/v2', '/v1.0/apigw'],
  tokenHeader: 'X-Auth-Token',
  renderError: renderHuaweiError,
  endpoints: [
    { method: 'get', path: '/v2/{project_id}/apic/instances/{instance_id}/statistics/api', summary: 'ROMA API statistics: mode, api_id, roma_app_id, cycle, start_time, end_time, duration, tz' },
    { method: 'get', path: '/v2/{project_id}/factory/monitor/task-statistics-overview', summary: 'DataArts instances by status: is_own, query_days; header workspace' },
    { method: 'get', path: APIG_LATEST_PATH, summary: 'API Gateway calls in the latest period: api_id, duration' },
  ],
  routes(router, { config, store }) {
    romaRoute(router, config, store);
    dataArtsRoute(router, config, store);
    apigLatestRoute(router, config, store);
  },
};
