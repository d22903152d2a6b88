/** CI workflows (CircleCI insights): success rate, p95 duration, MTTR, throughput and credits per workflow and job. */
import { SUCCESS_RATE_THRESHOLDS } from '../fieldConfig';
import { bars, customVariable, dashboard, lookupVariable, table } from '../grafana';

const scope = { projectSlug: '$project_slug', branch: '$branch' };
const workflows = { kind: 'workflows', ...scope } as const;
const jobs = { kind: 'jobs', ...scope, workflow: '$workflow' } as const;
const METRICS = ['success_rate', 'total_runs', 'failed_runs', 'throughput', 'duration_p95', 'duration_median', 'mttr', 'total_recoveries', 'total_credits_used'];
const RATE = 'Share of runs that succeeded: under 90% amber, under 75% red.';

export const ci = dashboard({
  uid: 'flowmeter-ci',
  title: 'Flowmeter / CI workflows',
  description: 'Workflow and job success rates, p95 durations, mean time to recovery, throughput and credits.',
  variables: [
    lookupVariable('project_slug', 'Project', 'project_slugs', { initial: 'gh/acme/payments' }),
    lookupVariable('workflow', 'Workflow', 'workflows', { filters: { project_slug: '$project_slug' }, initial: 'build-test' }),
    customVariable('branch', 'Branch', ['main'], { all: true }),
  ],
  panels: [
    bars('Workflow success rate', workflows, 'name', 'success_rate', { thresholds: SUCCESS_RATE_THRESHOLDS, size: { w: 8, h: 6 }, description: `One bar per workflow of $project_slug. ${RATE}` }),
    bars('Workflow p95 duration', workflows, 'name', 'duration_p95', { size: { w: 8, h: 6 }, description: '95th percentile of the workflow\'s run durations: 5% of runs took longer.' }),
    bars('Workflow MTTR', workflows, 'name', 'mttr', { size: { w: 8, h: 6 }, description: 'Mean time to recovery: from a failed run to the next successful run of the workflow on the same branch.' }),
    bars('Throughput', workflows, 'name', 'throughput', { unit: 'short', size: { w: 12, h: 6 }, description: 'Runs per day of each workflow, over the time range.' }),
    bars('Credits used', workflows, 'name', 'total_credits_used', { size: { w: 12, h: 6 }, description: 'CircleCI credits the workflow\'s runs used in the time range.' }),
    table('Workflows', workflows, ['name', ...METRICS], { rows: 3, description: 'Every metric per workflow of $project_slug, as CircleCI\'s insights API answers them.' }),
    bars('Job success rate ($workflow)', jobs, 'name', 'success_rate', { thresholds: SUCCESS_RATE_THRESHOLDS, size: { w: 12, h: 6 }, description: `One bar per job of $workflow. ${RATE}` }),
    bars('Job p95 duration ($workflow)', jobs, 'name', 'duration_p95', { size: { w: 12, h: 6 }, description: '95th percentile of each job\'s run durations.' }),
    table('Jobs of $workflow', jobs, ['name', ...METRICS.filter((m) => m !== 'mttr' && m !== 'total_recoveries')], { rows: 4, description: 'Metrics per job of $workflow.' }),
    table('Recent runs of $workflow', { kind: 'workflow_runs', ...scope, workflow: '$workflow' }, ['time', 'id', 'status', 'branch', 'duration', 'credits_used'], {
      rows: 10, description: 'Runs of $workflow in the time range, newest first; the status coloured by outcome. Scroll for more.',
    }),
  ],
});
