/**
 * The benchmark's events besides its builds, in proportion to them (README, Benchmark): per
 * 1,000 builds over the span, 100 deploys, 100 test runs, 20 releases, 2 rollbacks,
 * 100 CircleCI workflow runs with 200 job runs, 10 DataArts task instances, and 100 API calls
 * in the span's last day (a day of gateway traffic: 100,000 calls at 1M builds).
 * Deterministic: same options, same events.
 */
import type { EventInput } from '../../contract/events';
import { deliveryStatus, demoProjects, pick, random } from '../src/demo/generate';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DatasetOptions {
  readonly builds: number;
  readonly days: number;
  readonly endMs: number;
  readonly projects: number;
  readonly services: number;
  readonly seed?: number;
}

export const projectNames = (n: number) => Array.from({ length: n }, (_, i) => demoProjects[i] ?? `project-${i}`);
export const serviceNames = (n: number) => Array.from({ length: n }, (_, i) => `service-${i}`);

/** Where the statistics look: one CircleCI project, one gateway instance, one DataArts project. */
export const Scope = {
  slug: `gh/acme/${demoProjects[0]}`,
  workflow: 'build-test',
  apiProject: 'proj-1',
  apiInstance: 'apig-1',
  dataArtsProject: 'dataarts-1',
} as const;

const workflows = [Scope.workflow, 'deploy', 'nightly'];
const jobs = ['lint', 'unit', 'package', 'integration'];
const apis = ['orders', 'users', 'payments', 'search', 'auth'];
const taskJobs = Array.from({ length: 10 }, (_, i) => `etl-${i}`);
const taskStatuses = ['success', 'success', 'success', 'success', 'success', 'success', 'fail', 'running_exception', 'skip', 'manual_stop'] as const;
const circleStatus = (r: number) => (r < 0.8 ? 'success' : r < 0.9 ? 'failed' : r < 0.95 ? 'error' : 'canceled');

/** `builds` build events spread evenly at random over the span (as the demo's buildEvents, with `services` services). */
export function* builds(o: DatasetOptions): Generator<EventInput> {
  const rnd = random(o.seed ?? 42);
  const projects = projectNames(o.projects);
  const services = serviceNames(o.services);
  const span = o.days * DAY;
  for (let i = 0; i < o.builds; i++) {
    yield {
      kind: 'build', id: `build-${i}`, project: pick(rnd, projects), service: pick(rnd, services), workflow: 'ci', status: deliveryStatus(rnd),
      time: Math.floor(o.endMs - span + rnd() * span), duration: Math.round((30 + rnd() * rnd() * 900) * 10) / 10,
    };
  }
}

/** The events other than builds, kind after kind. */
export function* otherEvents(o: DatasetOptions): Generator<EventInput> {
  const rnd = random(o.seed ?? 7);
  const projects = projectNames(o.projects);
  const services = serviceNames(o.services);
  const span = o.days * DAY;
  const at = () => Math.floor(o.endMs - span + rnd() * span);
  const per = (perThousand: number) => Math.round((o.builds * perThousand) / 1000);
  const duration = (scale: number) => Math.round((10 + rnd() * rnd() * scale) * 10) / 10;

  for (let i = 0; i < per(100); i++) {
    const env = pick(rnd, ['dev', 'staging', 'prod'] as const);
    const time = at();
    yield {
      kind: 'deploy', id: `deploy-${i}`, project: pick(rnd, projects), service: pick(rnd, services), env, cluster: env === 'prod' ? pick(rnd, ['eu-1', 'us-1']) : 'dev-1',
      production: env === 'prod', status: deliveryStatus(rnd), time, duration: duration(300), commit_time: time - Math.floor(rnd() * rnd() * 30 * HOUR),
    };
  }
  for (let i = 0; i < per(100); i++) {
    yield { kind: 'test', id: `test-${i}`, project: pick(rnd, projects), suite: pick(rnd, ['unit', 'integration', 'e2e']), cases: 20 + Math.floor(rnd() * 400), status: deliveryStatus(rnd), time: at(), duration: duration(600) };
  }
  for (let i = 0; i < per(20); i++) {
    yield { kind: 'release', id: `release-${i}`, project: pick(rnd, projects), env: 'prod', status: deliveryStatus(rnd), time: at(), duration: duration(600) };
  }
  for (let i = 0; i < per(2); i++) {
    yield { kind: 'rollback', id: `rollback-${i}`, project: pick(rnd, projects), env: 'prod', service: pick(rnd, services), time: at(), production: true, env_type: 'zadig', operation_type: 'rollback', service_type: 'k8s' };
  }
  for (let i = 0; i < per(100); i++) {
    yield {
      kind: 'workflow_run', id: `wf-${i}`, project_slug: `gh/acme/${pick(rnd, projects)}`, workflow: pick(rnd, workflows), branch: rnd() < 0.7 ? 'main' : `feature/${i % 8}`,
      status: circleStatus(rnd()), created_at: at(), duration: duration(900), credits_used: Math.round(rnd() * 500),
    };
  }
  for (let i = 0; i < per(200); i++) {
    yield {
      kind: 'job_run', id: `job-${i}`, project_slug: `gh/acme/${pick(rnd, projects)}`, workflow: pick(rnd, workflows), job: pick(rnd, jobs), branch: rnd() < 0.7 ? 'main' : `feature/${i % 8}`,
      status: circleStatus(rnd()), started_at: at(), duration: duration(300), credits_used: Math.round(rnd() * 100),
    };
  }
  for (let i = 0; i < per(10); i++) {
    yield {
      kind: 'task_instance', id: `task-${i}`, project_id: Scope.dataArtsProject, workspace: 'analytics', instance_id: `instance-${i}`,
      job: pick(rnd, taskJobs), owner: pick(rnd, ['alice', 'bob', 'carol']), status: pick(rnd, taskStatuses), plan_time: at(),
    };
  }
  for (let i = 0; i < per(100); i++) {
    const r = rnd();
    const backend = Math.round(20 + rnd() * rnd() * 400);
    yield {
      kind: 'api_call', id: `call-${i}`, project_id: Scope.apiProject, instance_id: Scope.apiInstance, api_id: pick(rnd, apis), app_id: pick(rnd, ['web-app', 'mobile-app']),
      group_id: 'public', provider: 'acme', time: Math.floor(o.endMs - DAY + rnd() * DAY),
      status_code: r < 0.95 ? pick(rnd, [200, 200, 201]) : r < 0.99 ? pick(rnd, [400, 404, 429]) : pick(rnd, [500, 502, 503]),
      latency: backend + 5, backend_latency: backend, inner_latency: 5, bytes_in: 200 + Math.floor(rnd() * 1800), bytes_out: 500 + Math.floor(rnd() * 8000),
    };
  }
}
