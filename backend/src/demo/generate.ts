/**
 * Deterministic event histories from a seed: the benchmark's million builds, the cross-store
 * differential test's mixed dataset, and the demo's building blocks (history.ts builds the
 * realistic 90-day demo from them). Same seed, same events.
 */
import type { EventInput } from '../../../contract/events';

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const DAY = 86_400_000;

export const demoProjects = ['payments', 'checkout', 'search', 'mobile-app', 'identity', 'ledger', 'notifications', 'data-platform'];
export const services = ['api', 'worker', 'web', 'gateway', 'scheduler'];
const envs = ['dev', 'staging', 'prod'];

export function deliveryStatus(rnd: () => number): 'success' | 'failure' | 'timeout' | 'cancelled' {
  const r = rnd();
  return r < 0.85 ? 'success' : r < 0.95 ? 'failure' : r < 0.98 ? 'timeout' : 'cancelled';
}

export interface BuildOptions {
  count: number;
  /** The history spans `days` days ending at endMs. */
  days: number;
  endMs: number;
  seed?: number;
  projects?: number;
}

/** `count` build events spread evenly at random over the span. */
export function* buildEvents({ count, days, endMs, seed = 1, projects = 20 }: BuildOptions): Generator<EventInput> {
  const rnd = random(seed);
  const names = Array.from({ length: projects }, (_, i) => demoProjects[i] ?? `project-${i}`);
  const span = days * DAY;
  for (let i = 0; i < count; i++) {
    yield {
      kind: 'build',
      id: `build-${seed}-${i}`,
      project: pick(rnd, names),
      service: pick(rnd, services),
      workflow: 'ci',
      status: deliveryStatus(rnd),
      time: Math.floor(endMs - span + rnd() * span),
      duration: Math.round((30 + rnd() * rnd() * 900) * 10) / 10,
      artifact: `sha-${Math.floor(rnd() * 1e9).toString(16)}`,
    };
  }
}

/** A mixed history of every event kind, `perDay` events of each delivery kind a day. */
export function mixedEvents({ days, endMs, seed = 7, perDay = 6 }: { days: number; endMs: number; seed?: number; perDay?: number }): EventInput[] {
  const rnd = random(seed);
  const events: EventInput[] = [];
  const at = (day: number) => Math.floor(endMs - (day + rnd()) * DAY);
  for (let day = 0; day < days; day++) {
    for (let n = 0; n < perDay; n++) {
      const project = pick(rnd, demoProjects.slice(0, 4));
      const id = `${seed}-${day}-${n}`;
      events.push(
        { kind: 'build', id, project, service: pick(rnd, services), workflow: 'ci', status: deliveryStatus(rnd), time: at(day), duration: 60 + Math.round(rnd() * 600), artifact: `art-${day}-${n % 3}` },
        { kind: 'deploy', id, project, service: pick(rnd, services), env: pick(rnd, envs), cluster: pick(rnd, ['eu-1', 'us-1']), production: rnd() < 0.3, status: deliveryStatus(rnd), time: at(day), duration: 20 + Math.round(rnd() * 200), commit_time: at(day + 1) },
        { kind: 'test', id, project, suite: pick(rnd, ['unit', 'integration', 'e2e']), cases: 50 + Math.floor(rnd() * 400), status: deliveryStatus(rnd), time: at(day), duration: 30 + Math.round(rnd() * 300) },
        { kind: 'workflow_run', id: `wf-${id}`, project_slug: `gh/acme/${project}`, workflow: pick(rnd, ['build-test', 'deploy']), branch: rnd() < 0.7 ? 'main' : 'feature/x', status: pick(rnd, ['success', 'success', 'success', 'failed', 'canceled'] as const), created_at: at(day), duration: 100 + Math.round(rnd() * 900), credits_used: Math.round(rnd() * 500) },
        { kind: 'job_run', id: `job-${id}`, project_slug: `gh/acme/${project}`, workflow: 'build-test', job: pick(rnd, ['lint', 'unit', 'package']), branch: 'main', status: pick(rnd, ['success', 'success', 'failed'] as const), started_at: at(day), duration: 10 + Math.round(rnd() * 300), credits_used: Math.round(rnd() * 100) },
        { kind: 'api_call', id: `call-${id}`, project_id: 'proj-1', instance_id: 'inst-1', api_id: pick(rnd, ['api-orders', 'api-users']), time: at(day), status_code: pick(rnd, [200, 200, 200, 201, 404, 500]), latency: Math.round(rnd() * 300), backend_latency: Math.round(rnd() * 200), inner_latency: Math.round(rnd() * 20), bytes_in: Math.floor(rnd() * 4000), bytes_out: Math.floor(rnd() * 9000) },
      );
      if (n === 0) {
        events.push(
          { kind: 'release', id, project, env: 'prod', status: deliveryStatus(rnd), time: at(day), duration: 300 },
          { kind: 'task_instance', id: `task-${id}`, project_id: 'proj-1', instance_id: `inst-${day}`, job: 'nightly-etl', owner: pick(rnd, ['alice', 'bob']), status: pick(rnd, ['success', 'fail', 'running', 'waiting'] as const), plan_time: at(day) },
        );
      }
      if (n === 1 && day % 5 === 0) {
        events.push({ kind: 'rollback', id: `rb-${id}`, project, env: 'prod', service: pick(rnd, services), time: at(day), production: true, env_type: 'zadig', operation_type: 'zadig', service_type: 'k8s', create_by: { uid: 'u-1', account: 'admin', name: 'admin', identity_type: 'system' } });
      }
    }
  }
  return events;
}
