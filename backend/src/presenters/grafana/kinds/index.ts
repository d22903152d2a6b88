/** One handler per query kind: the Grafana presenter over the same statistics as the API families. */
import type { Query, QueryKind, QueryOf } from '../../../../../contract/query';
import { apiLatest, apiMetrics, taskOverview } from './traffic';
import { jobRuns, jobs, workflowRuns, workflows } from './ci';
import { build, deploy, overview, release, rollback, test } from './delivery';
import { dora } from './dora';
import { alert } from './alert';
import type { KindHandler } from './context';

export type { QueryContext } from './context';

export const kindHandlers: { [K in QueryKind]: KindHandler<QueryOf<K>> } = {
  overview, build, deploy, test, release, rollback,
  workflows, workflow_runs: workflowRuns, jobs, job_runs: jobRuns,
  api_metrics: apiMetrics, api_latest: apiLatest, task_overview: taskOverview, dora, alert,
};

export const handlerFor = (query: Query) => kindHandlers[query.kind] as KindHandler<Query>;
