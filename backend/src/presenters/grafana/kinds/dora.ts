/** Frames for the DORA metrics: one summary row (stat panels) or a daily time series. */
import type { QueryOf } from '../../../../../contract/query';
import { dayWindow } from '../../../statistics/dayWindow';
import { doraDaily, doraSummary } from '../../../statistics/dora';
import { withinRange } from '../../params';
import { frame } from '../frame';
import type { KindHandler } from './context';

export const dora: KindHandler<QueryOf<'dora'>> = async (q, c) => {
  const window = withinRange(() => dayWindow(c.requested.fromMs, c.requested.toMs - 1, c.tz));
  const scope = { projects: q.projects, env: q.env };
  if (q.view === 'daily') {
    const days = await doraDaily(c.store, scope, window);
    return [frame(q.refId, 'dora_daily', [
      { name: 'time', type: 'time', values: days.map((d) => d.fromMs) },
      { name: 'deployments', type: 'number', values: days.map((d) => d.deployments) },
      { name: 'failed_deployments', type: 'number', values: days.map((d) => d.failedDeployments) },
      { name: 'change_failure_rate', type: 'number', unit: 'percentunit', values: days.map((d) => d.changeFailureRate) },
      { name: 'lead_time_median', type: 'number', unit: 's', values: days.map((d) => d.leadTimeMedian) },
    ])];
  }
  const s = await doraSummary(c.store, scope, window);
  return [frame(q.refId, 'dora', [
    { name: 'deployment_frequency', type: 'number', unit: 'short', displayName: 'Deployments per day', values: [s.deploymentFrequency] },
    { name: 'deployments', type: 'number', values: [s.deployments] },
    { name: 'lead_time_median', type: 'number', unit: 's', displayName: 'Lead time (median)', values: [s.leadTimeMedian] },
    { name: 'lead_time_mean', type: 'number', unit: 's', values: [s.leadTimeMean] },
    { name: 'change_failure_rate', type: 'number', unit: 'percentunit', displayName: 'Change failure rate', values: [s.changeFailureRate] },
    { name: 'failed_deployments', type: 'number', values: [s.failedDeployments] },
    { name: 'time_to_restore', type: 'number', unit: 's', displayName: 'Time to restore (mean)', values: [s.timeToRestore] },
    { name: 'restores', type: 'number', values: [s.restores] },
    { name: 'rollbacks', type: 'number', values: [s.rollbacks] },
    { name: 'days', type: 'number', values: [s.days] },
  ])];
};
