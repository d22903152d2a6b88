/** DORA: deployment frequency, lead time for changes, change failure rate and time to restore of one environment. */
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
    stat('Deployment frequency (per day)', summary, 'deployment_frequency', 'short'),
    stat('Lead time for changes (median)', summary, 'lead_time_median', 's'),
    stat('Change failure rate', summary, 'change_failure_rate', 'percentunit'),
    stat('Time to restore (mean)', summary, 'time_to_restore', 's'),
    series('Deployments per day', daily, ['deployments', 'failed_deployments'], { bars: true, stacked: true }),
    series('Change failure rate per day', daily, ['change_failure_rate'], { unit: 'percentunit' }),
    series('Lead time per day (median)', daily, ['lead_time_median'], { unit: 's', w: 24 }),
  ],
});
