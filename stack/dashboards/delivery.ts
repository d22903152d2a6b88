/** Delivery overview: builds, deploys, tests and releases per day; success rates and durations. */
import { SUCCESS_RATE_THRESHOLDS } from '../fieldConfig';
import { dashboard, deployAnnotation, lookupVariable, rollbackAnnotation, series, stat } from '../grafana';

const projects = ['$project'];
const daily = (kind: 'build' | 'deploy' | 'release', label: string, plural: string) => [
  series(`${label}: outcomes per day`, { kind, projects }, ['success', 'failure', 'cancelled'], {
    bars: true, stacked: true, w: 9,
    description: `${label} of the selected projects per day (in the dashboard's time zone), stacked by outcome: success, failure (timeouts included), cancelled. Today's bar counts the day so far.`,
  }),
  series(`${label}: success rate`, { kind, projects }, ['success_rate'], {
    w: 8, thresholds: SUCCESS_RATE_THRESHOLDS,
    description: `Share of ${plural} that succeeded each day. Dashed lines: 90% (below: amber) and 75% (below: red). Days without ${plural} have no point.`,
  }),
  series(`${label}: mean duration`, { kind, projects }, ['duration_mean'], {
    w: 7, description: `Mean duration of the day's ${plural}, from start to finish.`,
  }),
];

export const delivery = dashboard({
  uid: 'flowmeter-delivery',
  title: 'Flowmeter / Delivery overview',
  description: 'Builds, deploys, tests and releases per day: outcomes, success rates and durations.',
  variables: [lookupVariable('project', 'Project', 'projects', { multi: true })],
  annotations: [rollbackAnnotation(), deployAnnotation(projects)],
  panels: [
    stat('Projects', { kind: 'overview' }, 'project_count', { size: { w: 4, h: 4 }, description: 'Distinct projects with any event in the time range.' }),
    stat('Services', { kind: 'overview' }, 'service_count', { size: { w: 4, h: 4 }, description: 'Distinct services deployed in the time range.' }),
    stat('Environments', { kind: 'overview' }, 'env_count', { size: { w: 4, h: 4 }, description: 'Distinct environments deployed to in the time range.' }),
    stat('Test cases run', { kind: 'test', projects }, 'case_count', { size: { w: 4, h: 4 }, description: 'Test cases run by the selected projects\' test suites in the time range.' }),
    stat('Test executions', { kind: 'test', projects }, 'exec_count', { size: { w: 4, h: 4 }, description: 'Test suite executions of the selected projects in the time range.' }),
    stat('Mean test runtime', { kind: 'test', projects }, 'average_runtime', { size: { w: 4, h: 4 }, description: 'Mean runtime of a test suite execution in the time range.' }),
    ...daily('build', 'Builds', 'builds'),
    ...daily('deploy', 'Deploys', 'deploys'),
    series('Tests: outcomes per day', { kind: 'test', projects }, ['success_count', 'failed_count', 'timeout_count'], {
      bars: true, stacked: true, description: 'Test suite executions per day, stacked by outcome: passed, failed, timed out.',
    }),
    series('Releases: outcomes per day', { kind: 'release', projects }, ['success', 'failure'], {
      bars: true, stacked: true, description: 'Production releases per day, stacked by outcome.',
    }),
  ],
});
