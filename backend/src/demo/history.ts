/**
 * The demo's delivery history: every event kind, day by day, with a weekly rhythm (quiet
 * weekends, busy working hours), failure streaks and their recoveries, a flaky test suite,
 * an API latency spike, and per-minute API traffic.
 *
 * Each day's events come from a generator seeded by (seed, date) alone, and ids name the date:
 * the same day is the same events whatever span is asked for, so re-running the seeder later
 * re-sends identical events (idempotent) instead of shifted copies.
 */
import type { EventInput } from '../../../contract/events';
import { demoProjects, pick, random, services } from './generate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEMO_PROJECTS = demoProjects.slice(0, 6);
export const DEMO_SUITES = ['unit', 'integration', 'e2e'] as const;
/** The suite that fails at random, one run in four, in this project. */
export const FLAKY = { project: 'checkout', suite: 'e2e' } as const;
export const DEMO_API = { projectId: 'proj-1', instanceId: 'apig-1', apis: ['orders', 'users', 'payments'] } as const;
export const DEMO_TASKS = { projectId: 'dataarts-1', workspace: 'analytics', jobs: ['ingest-orders', 'daily-revenue', 'churn-model', 'export-crm', 'nightly-etl'] } as const;
/** The latency spike: this many days before the end, 14:00 to 15:30 UTC. */
export const LATENCY_SPIKE_DAYS_AGO = 20;

export interface HistoryOptions {
  /** Whole UTC days, ending with the day that holds endMs (events after endMs are left out). */
  days: number;
  endMs: number;
  seed?: number;
  /** Adds a failure spike in the last hour: broken builds and prod deploys of `payments`, an API 5xx burst. */
  incident?: boolean;
}

/** Events day by day, oldest first; `onDay` is told after each day (progress). */
export function* demoHistory(options: HistoryOptions, onDay?: (done: number, of: number) => void): Generator<EventInput> {
  const { days, endMs, seed = 42 } = options;
  const lastDay = Math.floor(endMs / DAY) * DAY;
  for (let i = days - 1; i >= 0; i--) {
    const dayStart = lastDay - i * DAY;
    for (const event of dayEvents(dayStart, seed, i === LATENCY_SPIKE_DAYS_AGO)) {
      if (eventMs(event) <= endMs) yield event;
    }
    onDay?.(days - i, days);
  }
  if (options.incident) yield* incident(endMs);
}

const eventMs = (e: EventInput): number => Number('time' in e ? e.time : 'created_at' in e ? e.created_at : 'started_at' in e ? e.started_at : e.plan_time);

/** Activity by hour of a UTC day: working hours busy, nights quiet, weekends at a fifth. */
function activity(dayStart: number, hour: number): number {
  const weekday = new Date(dayStart).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.2 : 1;
  const office = hour >= 8 && hour < 19 ? 1 : hour >= 6 && hour < 22 ? 0.35 : 0.08;
  return weekend * office;
}

/** A time within the day drawn to follow activity(). */
function workTime(rnd: () => number, dayStart: number): number {
  for (;;) {
    const hour = Math.floor(rnd() * 24);
    if (rnd() < activity(dayStart, hour) / activity(dayStart, 12) || rnd() < 0.02) return dayStart + hour * HOUR + Math.floor(rnd() * HOUR);
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const hashSeed = (seed: number, dayStart: number, salt: number) => (seed * 2654435761 + dayStart / DAY * 40503 + salt * 97) >>> 0;

interface ProjectDay {
  readonly project: string;
  /** A failure streak this day: from..to (ms), when builds and prod deploys mostly fail. */
  readonly streak?: { readonly from: number; readonly to: number };
}

function* dayEvents(dayStart: number, seed: number, latencySpike: boolean): Generator<EventInput> {
  const date = new Date(dayStart).toISOString().slice(0, 10);
  const rnd = random(hashSeed(seed, dayStart, 1));
  const weekdayLoad = activity(dayStart, 12);
  for (const project of DEMO_PROJECTS) {
    // About one project-day in twelve has a streak of broken builds, fixed a few hours later.
    const streakStart = dayStart + (9 + Math.floor(rnd() * 6)) * HOUR;
    const state: ProjectDay = { project, ...(rnd() < 0.08 * weekdayLoad ? { streak: { from: streakStart, to: streakStart + (2 + rnd() * 4) * HOUR } } : {}) };
    yield* projectDay(state, dayStart, date, rnd, Math.round((6 + rnd() * 10) * weekdayLoad + rnd()));
  }
  yield* taskInstances(dayStart, date, rnd);
  yield* apiTraffic(dayStart, date, random(hashSeed(seed, dayStart, 2)), latencySpike);
}

function buildStatus(rnd: () => number, broken: boolean): 'success' | 'failure' | 'timeout' | 'cancelled' {
  const r = rnd();
  if (broken) return r < 0.85 ? 'failure' : r < 0.9 ? 'timeout' : 'success';
  return r < 0.9 ? 'success' : r < 0.95 ? 'failure' : r < 0.97 ? 'timeout' : 'cancelled';
}

const CIRCLE_STATUS = { success: 'success', failure: 'failed', timeout: 'error', cancelled: 'canceled' } as const;

function* projectDay({ project, streak }: ProjectDay, dayStart: number, date: string, rnd: () => number, builds: number): Generator<EventInput> {
  const times = Array.from({ length: builds }, () => workTime(rnd, dayStart)).sort((a, b) => a - b);
  const slug = `gh/acme/${project}`;
  for (const [n, time] of times.entries()) {
    const id = `${date}-${project}-${n}`;
    const broken = streak !== undefined && time >= streak.from && time < streak.to;
    const service = pick(rnd, services.slice(0, 3));
    const status = buildStatus(rnd, broken);
    const duration = round1(120 + rnd() * rnd() * 600 + (project === 'mobile-app' ? 400 : 0));
    yield { kind: 'build', id, project, service, workflow: 'build-test', status, time, duration, artifact: `${project}-${service}:${date}.${n}` };
    // CI: the same run as a CircleCI workflow with its jobs.
    const credits = Math.round(duration * 0.6);
    yield { kind: 'workflow_run', id: `wf-${id}`, project_slug: slug, workflow: 'build-test', branch: rnd() < 0.7 ? 'main' : `feature/${n % 4}`, status: CIRCLE_STATUS[status], created_at: time - duration * 1000, stopped_at: time, duration, credits_used: credits };
    for (const [j, job] of ['lint', 'unit', 'package'].entries()) {
      const jobFailed = status !== 'success' && j === (broken ? 1 : 2);
      const jobDuration = round1(duration * [0.1, 0.6, 0.3][j]);
      yield { kind: 'job_run', id: `job-${id}-${job}`, project_slug: slug, workflow: 'build-test', job, branch: 'main', status: jobFailed ? CIRCLE_STATUS[status] : 'success', started_at: time - duration * 1000, stopped_at: time - duration * 1000 + jobDuration * 1000, duration: jobDuration, credits_used: Math.round(credits / 3) };
    }
    for (const suite of DEMO_SUITES) {
      const flaky = project === FLAKY.project && suite === FLAKY.suite && rnd() < 0.25;
      const testStatus = status !== 'success' && suite === 'unit' ? 'failure' : flaky ? 'failure' : rnd() < 0.01 ? 'timeout' : 'success';
      yield { kind: 'test', id: `${id}-${suite}`, project, suite, cases: { unit: 400, integration: 120, e2e: 35 }[suite] + Math.floor(rnd() * 20), status: testStatus, time: time + 60_000, duration: round1({ unit: 40, integration: 180, e2e: 420 }[suite] * (0.8 + rnd() * 0.5)) };
    }
    if (status !== 'success') continue;
    yield* deploys(project, service, id, time, broken, rnd);
  }
}

/** A successful build goes to dev, often to staging, and sometimes on to prod (with a release). */
function* deploys(project: string, service: string, id: string, buildTime: number, broken: boolean, rnd: () => number): Generator<EventInput> {
  const commitTime = buildTime - Math.floor((0.2 + rnd() * rnd() * 30) * HOUR);
  let time = buildTime;
  for (const env of ['dev', 'staging', 'prod'] as const) {
    if (env === 'staging' && rnd() > 0.6) return;
    if (env === 'prod' && rnd() > 0.45) return;
    time += Math.floor((env === 'prod' ? 1 + rnd() * 6 : 0.1 + rnd() * 0.5) * HOUR);
    // Production fails more than dev and staging (about 8% change failure rate), and mostly during a streak.
    const r = rnd();
    const [failure, timeout] = env === 'prod' ? (broken ? [0.6, 0.6] : [0.06, 0.07]) : [0.02, 0.025];
    const status = r < failure ? 'failure' : r < timeout ? 'timeout' : 'success';
    yield {
      kind: 'deploy', id: `${id}-${env}`, project, service, env, cluster: env === 'prod' ? pick(rnd, ['eu-1', 'us-1']) : 'dev-1', production: env === 'prod',
      status, time, duration: round1(30 + rnd() * 200), commit_time: commitTime,
    };
    if (env === 'prod' && status === 'success') yield { kind: 'release', id: `${id}-release`, project, env, status: 'success', time: time + 5 * MINUTE, duration: round1(200 + rnd() * 400) };
    if (env === 'prod' && status !== 'success') {
      // A failed prod deploy is rolled back a few minutes later.
      yield {
        kind: 'rollback', id: `${id}-rollback`, project, env, service, time: time + 10 * MINUTE, production: true, env_type: 'zadig', operation_type: 'rollback', service_type: 'k8s',
        origin_service: { service_name: service, containers: [{ name: service, image: `registry/acme/${service}:previous`, image_name: service }] },
        create_by: { uid: 'u-ops', account: 'ops', name: 'On-call', identity_type: 'system' },
      };
      return;
    }
  }
}

const TASK_STATUS_WEIGHTS: Array<[('success' | 'fail' | 'running_exception' | 'skip' | 'manual_stop'), number]> = [
  ['success', 0.86], ['fail', 0.07], ['running_exception', 0.02], ['skip', 0.03], ['manual_stop', 0.02],
];

function* taskInstances(dayStart: number, date: string, rnd: () => number): Generator<EventInput> {
  for (const [n, job] of DEMO_TASKS.jobs.entries()) {
    const r = rnd();
    let acc = 0;
    const status = TASK_STATUS_WEIGHTS.find(([, w]) => (acc += w) > r)?.[0] ?? 'success';
    yield { kind: 'task_instance', id: `task-${date}-${job}`, project_id: DEMO_TASKS.projectId, workspace: DEMO_TASKS.workspace, instance_id: `${job}-${date}`, job, owner: pick(rnd, ['alice', 'bob', 'carol']), status, plan_time: dayStart + (1 + n) * HOUR };
  }
}

/** Per-minute calls of each API, following activity(); the spike day is slow and erroring 14:00-15:30. */
function* apiTraffic(dayStart: number, date: string, rnd: () => number, latencySpike: boolean): Generator<EventInput> {
  for (let minute = 0; minute < 24 * 60; minute++) {
    const at = dayStart + minute * MINUTE;
    const load = activity(dayStart, Math.floor(minute / 60));
    const spiking = latencySpike && minute >= 14 * 60 && minute < 15 * 60 + 30;
    for (const api of DEMO_API.apis) {
      const calls = Math.floor(load * (api === 'orders' ? 3 : 1.5) + rnd());
      for (let n = 0; n < calls; n++) {
        const r = rnd();
        const code = spiking && r < 0.1 ? 503 : r < 0.96 ? (rnd() < 0.8 ? 200 : 201) : r < 0.99 ? pick(rnd, [400, 404, 429]) : 500;
        const backend = Math.round((20 + rnd() * 60) * (spiking ? 8 : 1));
        yield {
          kind: 'api_call', id: `call-${date}-${minute}-${api}-${n}`, project_id: DEMO_API.projectId, instance_id: DEMO_API.instanceId, api_id: api,
          app_id: pick(rnd, ['web-app', 'mobile-app']), group_id: 'public', provider: 'acme', time: at + Math.floor(rnd() * MINUTE), status_code: code,
          latency: backend + 3 + Math.round(rnd() * 5), backend_latency: backend, inner_latency: 3 + Math.round(rnd() * 5),
          bytes_in: 200 + Math.floor(rnd() * 1800), bytes_out: 500 + Math.floor(rnd() * 8000),
        };
      }
    }
  }
}

/** The failure spike of options.incident, in the hour before `endMs`. */
function* incident(endMs: number): Generator<EventInput> {
  const rnd = random(endMs % 2 ** 31);
  const stamp = new Date(endMs).toISOString();
  for (let n = 0; n < 8; n++) {
    yield { kind: 'build', id: `incident-${stamp}-build-${n}`, project: 'payments', service: 'api', workflow: 'build-test', status: 'failure', time: endMs - (n + 1) * 5 * MINUTE, duration: 90 };
  }
  // Six failed prod deploys: enough to lift the week's change failure rate of payments over its alert's 25%.
  for (let n = 0; n < 6; n++) {
    yield { kind: 'deploy', id: `incident-${stamp}-deploy-${n}`, project: 'payments', service: 'api', env: 'prod', cluster: 'eu-1', production: true, status: 'failure', time: endMs - (n + 1) * 8 * MINUTE, duration: 60 };
  }
  for (let n = 0; n < 200; n++) {
    yield {
      kind: 'api_call', id: `incident-${stamp}-call-${n}`, project_id: DEMO_API.projectId, instance_id: DEMO_API.instanceId, api_id: 'payments',
      time: endMs - Math.floor(rnd() * 15 * MINUTE), status_code: rnd() < 0.5 ? 502 : 200, latency: 900, backend_latency: 880, inner_latency: 5, bytes_in: 300, bytes_out: 200,
    };
  }
}
