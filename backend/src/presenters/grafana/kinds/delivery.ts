/** Frames for the delivery kinds: overview, build, deploy, release, test, rollback. */
import type { QueryOf } from '../../../../../contract/query';
import { dayWindow } from '../../../statistics/dayWindow';
import { dailyOutcomes, failures, projectFilter, type DeliveryKind } from '../../../statistics/deliveryOutcomes';
import { deliveryEvents, type DeliveryEventRecord } from '../../../statistics/deliveryEvents';
import { inventory } from '../../../statistics/inventory';
import { rollbackPage } from '../../../statistics/rollbacks';
import { testSummary } from '../../../statistics/testRuns';
import { withinRange } from '../../params';
import { frame } from '../frame';
import type { KindHandler, QueryContext } from './context';

/** Rollbacks, deploys or releases listed at most as annotations (newest first). */
const MAX_EVENTS = 1000;

const days = (c: QueryContext) => withinRange(() => dayWindow(c.requested.fromMs, c.requested.toMs - 1, c.tz));

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
    const outcomes = await dailyOutcomes(c.store, kind, projectFilter(q.projects), window, { durations: true });
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

const where = (e: DeliveryEventRecord) => [e.service, e.env && `to ${e.env}`].filter(Boolean).join(' ');

/** One row per deploy or release, with time/title/text/tags so Grafana can show them as annotations. */
function eventsKind(kind: 'deploy' | 'release'): KindHandler<QueryOf<'deploy' | 'release'>> {
  const noun = kind === 'deploy' ? 'Deploy' : 'Release';
  return async (q, c) => {
    const items = await deliveryEvents(c.store, kind, projectFilter(q.projects), c.range, MAX_EVENTS);
    return [frame(q.refId, `${kind}_events`, [
      { name: 'time', type: 'time', values: items.map((e) => e.timeMs) },
      { name: 'title', type: 'string', values: items.map((e) => `${noun} of ${e.project}${where(e) ? ` ${where(e)}` : ''}: ${e.status}`) },
      { name: 'text', type: 'string', values: items.map((e) => `${e.project}: ${kind} ${e.status}${e.duration === null ? '' : ` after ${e.duration}s`}`) },
      { name: 'tags', type: 'other', values: items.map((e) => [kind, e.project, e.status, ...(e.env ? [e.env] : []), ...(e.service ? [e.service] : [])]) },
      { name: 'project', type: 'string', values: items.map((e) => e.project) },
      { name: 'status', type: 'string', values: items.map((e) => e.status) },
      { name: 'env', type: 'string', values: items.map((e) => e.env) },
      ...(kind === 'deploy' ? [{ name: 'service', type: 'string' as const, values: items.map((e) => e.service) }] : []),
      { name: 'duration', type: 'number', unit: 's', values: items.map((e) => e.duration) },
    ])];
  };
}

/** Deploys and releases: daily outcomes, or the events themselves (`format: 'events'`). */
function deliveryKind(kind: 'deploy' | 'release'): KindHandler<QueryOf<'deploy' | 'release'>> {
  const daily = dailyKind(kind);
  const events = eventsKind(kind);
  return (q, c) => (q.format === 'events' ? events(q, c) : daily(q, c));
}

export const build = dailyKind('build');
export const deploy = deliveryKind('deploy');
export const release = deliveryKind('release');

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
  const { items } = await rollbackPage(c.store, where, c.range, { offset: 0, limit: MAX_EVENTS });
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
