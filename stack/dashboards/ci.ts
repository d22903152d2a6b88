/** CI workflows (CircleCI insights): success rate, p95 duration, MTTR, throughput and credits per workflow and job. */
import { bars, customVariable, dashboard, lookupVariable, table } from '../grafana';

const scope = { projectSlug: '$project_slug', branch: '$branch' };
const workflows = { kind: 'workflows', ...scope } as const;
const jobs = { kind: 'jobs', ...scope, workflow: '$workflow' } as const;
const METRICS = ['success_rate', 'total_runs', 'failed_runs', 'throughput', 'duration_p95', 'duration_median', 'mttr', 'total_recoveries', 'total_credits_used'];

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
    bars('Workflow success rate', workflows, 'name', 'success_rate', 'percentunit', { w: 8, h: 8 }),
    bars('Workflow p95 duration', workflows, 'name', 'duration_p95', 's', { w: 8, h: 8 }),
    bars('Workflow MTTR', workflows, 'name', 'mttr', 's', { w: 8, h: 8 }),
    bars('Throughput (runs per day)', workflows, 'name', 'throughput', 'short', { w: 12, h: 7 }),
    bars('Credits used', workflows, 'name', 'total_credits_used', 'short', { w: 12, h: 7 }),
    table('Workflows', workflows, ['name', ...METRICS]),
    bars('Job success rate ($workflow)', jobs, 'name', 'success_rate', 'percentunit', { w: 12, h: 8 }),
    bars('Job p95 duration ($workflow)', jobs, 'name', 'duration_p95', 's', { w: 12, h: 8 }),
    table('Jobs of $workflow', jobs, ['name', ...METRICS.filter((m) => m !== 'mttr' && m !== 'total_recoveries')]),
    table('Recent runs of $workflow', { kind: 'workflow_runs', ...scope, workflow: '$workflow' }, ['time', 'id', 'status', 'branch', 'duration', 'credits_used']),
  ],
});
