/** Delivery overview: builds, deploys, tests and releases per day; success rates and durations. */
import { dashboard, deployAnnotation, lookupVariable, rollbackAnnotation, series, stat } from '../grafana';

const projects = ['$project'];
const daily = (kind: 'build' | 'deploy' | 'release', label: string) => [
  series(`${label}: success and failure per day`, { kind, projects }, ['success', 'failure', 'cancelled'], { bars: true, stacked: true, w: 9 }),
  series(`${label}: success rate`, { kind, projects }, ['success_rate'], { unit: 'percentunit', w: 8 }),
  series(`${label}: mean duration`, { kind, projects }, ['duration_mean'], { unit: 's', w: 7 }),
];

export const delivery = dashboard({
  uid: 'flowmeter-delivery',
  title: 'Flowmeter / Delivery overview',
  description: 'Builds, deploys, tests and releases per day: outcomes, success rates and durations.',
  variables: [lookupVariable('project', 'Project', 'projects', { multi: true })],
  annotations: [rollbackAnnotation(), deployAnnotation(projects)],
  panels: [
    stat('Projects', { kind: 'overview' }, 'project_count', undefined, { w: 4, h: 4 }),
    stat('Services', { kind: 'overview' }, 'service_count', undefined, { w: 4, h: 4 }),
    stat('Environments', { kind: 'overview' }, 'env_count', undefined, { w: 4, h: 4 }),
    stat('Test cases run', { kind: 'test', projects }, 'case_count', undefined, { w: 4, h: 4 }),
    stat('Test executions', { kind: 'test', projects }, 'exec_count', undefined, { w: 4, h: 4 }),
    stat('Mean test runtime', { kind: 'test', projects }, 'average_runtime', 's', { w: 4, h: 4 }),
    ...daily('build', 'Builds'),
    ...daily('deploy', 'Deploys'),
    series('Tests: outcomes per day', { kind: 'test', projects }, ['success_count', 'failed_count', 'timeout_count'], { bars: true, stacked: true }),
    series('Releases: success and failure per day', { kind: 'release', projects }, ['success', 'failure'], { bars: true, stacked: true }),
  ],
});
