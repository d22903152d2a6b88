/** DORA: deployment frequency, lead time for changes, change failure rate and time to restore of one environment. */
import { FAILURE_RATE_THRESHOLDS } from '../fieldConfig';
import { dashboard, lookupVariable, rollbackAnnotation, series, stat } from '../grafana';

const scope = { projects: ['$project'], env: '$env' };
const summary = { kind: 'dora', ...scope, view: 'summary' } as const;
const daily = { kind: 'dora', ...scope, view: 'daily' } as const;

export const dora = dashboard({
  uid: 'flowmeter-dora',
  title: 'Flowmeter / DORA metrics',
  description: 'The four DORA metrics over the deploys to one environment (definitions: README, "DORA metrics").',
  from: 'now-90d',
  variables: [
    lookupVariable('project', 'Project', 'projects', { multi: true }),
    lookupVariable('env', 'Environment', 'environments', { filters: { project: '$project' }, initial: 'prod' }),
    // Narrows the rollback annotations (the metrics are per environment).
    lookupVariable('service', 'Rollbacks of service', 'services', { filters: { project: '$project' }, all: true }),
  ],
  annotations: [rollbackAnnotation({ env: '$env', service: '$service' })],
  panels: [
    stat('Deployment frequency', summary, 'deployment_frequency', { unit: 'short', description: 'Successful deploys to $env per day, over the time range.' }),
    stat('Lead time for changes (median)', summary, 'lead_time_median', { description: 'Median time from a change\'s commit to its successful deploy to $env.' }),
    stat('Change failure rate', summary, 'change_failure_rate', {
      thresholds: FAILURE_RATE_THRESHOLDS, description: 'Share of deploys to $env that failed or were rolled back. Amber over 15%, red over 30% (DORA\'s low-performer band).',
    }),
    stat('Time to restore (mean)', summary, 'time_to_restore', { description: 'Mean time from a failed deploy to $env to the next successful deploy of the same service.' }),
    series('Deployments per day', daily, ['deployments', 'failed_deployments'], {
      bars: true, stacked: true, description: 'Deploys to $env per day: successful (green) and failed (red).',
    }),
    series('Change failure rate per day', daily, ['change_failure_rate'], {
      thresholds: FAILURE_RATE_THRESHOLDS, description: 'Share of the day\'s deploys to $env that failed. Dashed lines: 15% and 30%.',
    }),
    series('Lead time per day (median)', daily, ['lead_time_median'], { w: 24, description: 'Median lead time (commit to deploy) of the day\'s deploys to $env.' }),
  ],
});
