/** Frames for the delivery kinds: overview, build, deploy, release, test, rollback. */
import type { QueryOf } from '../../../../../contract/query';
import { dayWindow } from '../../../statistics/dayWindow';
import { dailyOutcomes, failures, projectFilter, type DeliveryKind } from '../../../statistics/deliveryOutcomes';
import { inventory } from '../../../statistics/inventory';
import { rollbackPage } from '../../../statistics/rollbacks';
import { testSummary } from '../../../statistics/testRuns';
import { withinRange } from '../../params';
import { frame } from '../frame';
import type { KindHandler, QueryContext } from './context';

/** Rollback annotations listed at most (newest first). */
const MAX_ROLLBACKS = 1000;

const days = (c: QueryContext) => withinRange(() => dayWindow(c.range.fromMs, c.range.toMs - 1, c.tz));

export const overview: KindHandler<QueryOf<'overview'>> = async (q, c) => {
  const i = await inventory(c.store);
  return [frame(q.refId, 'overview', [
    { name: 'project_count', type: 'number', values: [i.projects] },
    { name: 'cluster_count', type: 'number', values: [i.clusters] },
    { name: 'service_count', type: 'number', values: [i.services] },
    { name: 'workflow_count', type: 'number', values: [i.workflows] },
    { name: 'env_count', type: 'number', values: [i.environments] },
    { name: 'artifact_count', type: 'number', values: [i.artifacts] },
  ])];
};

/** Daily success, failure (failed + timed out), total and success rate: a time series. */
function dailyKind(kind: Exclude<DeliveryKind, 'test'>): KindHandler<QueryOf<'build' | 'deploy' | 'release'>> {
  return async (q, c) => {
    const window = days(c);
    const outcomes = await dailyOutcomes(c.store, kind, projectFilter(q.projects), window);
    return [frame(q.refId, kind, [
      { name: 'time', type: 'time', values: window.days.map((d) => d.fromMs) },
      { name: 'success', type: 'number', values: outcomes.map((d) => d.success) },
      { name: 'failure', type: 'number', values: outcomes.map(failures) },
      { name: 'cancelled', type: 'number', values: outcomes.map((d) => d.cancelled) },
      { name: 'total', type: 'number', values: outcomes.map((d) => d.total) },
      { name: 'success_rate', type: 'number', unit: 'percentunit', values: outcomes.map((d) => (d.total ? d.success / d.total : null)) },
      { name: 'duration_mean', type: 'number', unit: 's', values: outcomes.map((d) => d.meanDuration) },
    ])];
  };
}

export const build = dailyKind('build');
export const deploy = dailyKind('deploy');
export const release = dailyKind('release');

export const test: KindHandler<QueryOf<'test'>> = async (q, c) => {
  const window = days(c);
  const s = await testSummary(c.store, projectFilter(q.projects), window);
  return [
    frame(q.refId, 'test', [
      { name: 'time', type: 'time', values: window.days.map((d) => d.fromMs) },
      { name: 'success_count', type: 'number', values: s.days.map((d) => d.success) },
      { name: 'timeout_count', type: 'number', values: s.days.map((d) => d.timeout) },
      { name: 'failed_count', type: 'number', values: s.days.map((d) => d.failure) },
    ]),
    frame(q.refId, 'test_summary', [
      { name: 'case_count', type: 'number', values: [s.cases] },
      { name: 'exec_count', type: 'number', values: [s.executions] },
      { name: 'success_count', type: 'number', values: [s.successes] },
      { name: 'average_runtime', type: 'number', unit: 's', values: [s.meanDuration] },
    ]),
  ];
};

/** One row per rollback, with time/title/text/tags so Grafana can show them as annotations. */
export const rollback: KindHandler<QueryOf<'rollback'>> = async (q, c) => {
  const where: Record<string, string[]> = {};
  if (q.project) where.project = [q.project];
  if (q.env) where.env = [q.env];
  if (q.service) where.service = [q.service];
  const { items } = await rollbackPage(c.store, where, c.range, { offset: 0, limit: MAX_ROLLBACKS });
  return [frame(q.refId, 'rollback', [
    { name: 'time', type: 'time', values: items.map((r) => r.timeMs) },
    { name: 'title', type: 'string', values: items.map((r) => `Rollback of ${r.service} in ${r.env}`) },
    { name: 'text', type: 'string', values: items.map((r) => `${r.project}: ${r.service} rolled back in ${r.env}${r.production ? ' (production)' : ''}`) },
    { name: 'tags', type: 'other', values: items.map((r) => ['rollback', r.project, r.env, r.service]) },
    { name: 'project_key', type: 'string', values: items.map((r) => r.project) },
    { name: 'env_name', type: 'string', values: items.map((r) => r.env) },
    { name: 'service_name', type: 'string', values: items.map((r) => r.service) },
    { name: 'production', type: 'boolean', values: items.map((r) => r.production ?? false) },
  ])];
};
