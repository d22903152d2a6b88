/** The demo history: valid events, deterministic per seed and per day, with the rhythm and incidents it promises. */
import { Event } from '../../../contract/events';
import { demoHistory, DEMO_API, FLAKY, LATENCY_SPIKE_DAYS_AGO } from '../../src/demo/history';
import { nextSteps, parseDemoArgs } from '../../src/demo/cli';

const END = Date.parse('2026-11-25T18:30:00Z'); // a Wednesday
const DAY = 86_400_000;
const history = (days: number, seed = 42, incident = false) => [...demoHistory({ days, endMs: END, seed, incident })];
const timeOf = (e: Record<string, unknown>) => Number(e.time ?? e.created_at ?? e.started_at ?? e.plan_time);

describe('demo history', () => {
  const DAYS = 21;
  const events = history(DAYS);

  it('is valid events only, ids unique per kind, none after the end', () => {
    const invalid = events.filter((event) => !Event.safeParse(event).success);
    expect(invalid).toEqual([]);
    const keys = events.map((e) => `${e.kind}/${e.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Math.max(...events.map((e) => timeOf(e as Record<string, unknown>)))).toBeLessThanOrEqual(END);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['build', 'deploy', 'test', 'release', 'rollback', 'workflow_run', 'job_run', 'task_instance', 'api_call']));
  });

  it('is the same for the same seed, different for another, and a day does not depend on the span', () => {
    expect(history(3)).toEqual(history(3));
    expect(history(3, 7)).not.toEqual(history(3));
    const lastDays = (list: ReturnType<typeof history>) => list.filter((e) => timeOf(e as Record<string, unknown>) >= END - 2 * DAY).map((e) => e.id);
    expect(lastDays(history(5))).toEqual(lastDays(events));
  });

  it('is quiet on weekends and busy on working days', () => {
    const builds = events.filter((e) => e.kind === 'build');
    const weekend = builds.filter((e) => [0, 6].includes(new Date(timeOf(e)).getUTCDay())).length;
    const weekendDays = Array.from({ length: DAYS }, (_, i) => new Date(END - i * DAY).getUTCDay()).filter((d) => d === 0 || d === 6).length;
    expect(weekendDays).toBe(6);
    expect(weekend / weekendDays).toBeLessThan((builds.length - weekend) / (DAYS - weekendDays) / 2); // per weekend day < half a working day
  });

  it('has failure streaks that recover, a flaky suite, and the latency spike', () => {
    const builds = events.filter((e): e is Extract<typeof e, { kind: 'build' }> => e.kind === 'build').sort((a, b) => timeOf(a) - timeOf(b));
    // Streaks of three or more failed builds, each followed (later) by a successful build of the project.
    const streaks: Array<{ project: string; endsAt: number }> = [];
    for (const p of ['payments', 'checkout', 'search', 'mobile-app', 'identity', 'ledger']) {
      let run = 0;
      for (const b of builds.filter((x) => x.project === p)) {
        if (b.status === 'failure') run++;
        else { if (run >= 3) streaks.push({ project: p, endsAt: timeOf(b) }); run = 0; }
      }
    }
    expect(streaks.length).toBeGreaterThanOrEqual(2);
    for (const s of streaks) expect(builds.some((b) => b.project === s.project && b.status === 'success' && timeOf(b) >= s.endsAt)).toBe(true);
    const flaky = events.filter((e): e is Extract<typeof e, { kind: 'test' }> => e.kind === 'test' && e.project === FLAKY.project && e.suite === FLAKY.suite);
    const flakyRate = flaky.filter((e) => e.status === 'failure').length / flaky.length;
    expect(flakyRate).toBeGreaterThan(0.15);
    const calls = events.filter((e): e is Extract<typeof e, { kind: 'api_call' }> => e.kind === 'api_call');
    const spikeDay = new Date(Math.floor(END / DAY) * DAY - LATENCY_SPIKE_DAYS_AGO * DAY).toISOString().slice(0, 10);
    const inSpike = (e: { time: unknown }) => { const d = new Date(timeOf(e)); return d.toISOString().slice(0, 10) === spikeDay && d.getUTCHours() === 14; };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(calls.filter(inSpike).map((c) => c.latency))).toBeGreaterThan(4 * mean(calls.filter((c) => !inSpike(c)).map((c) => c.latency)));
    expect(calls.every((c) => c.project_id === DEMO_API.projectId)).toBe(true);
  });

  it('adds the incident only when asked: failures in the last hour', () => {
    const extra = history(1, 42, true).filter((e) => e.id?.startsWith('incident-'));
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.every((e) => timeOf(e as Record<string, unknown>) > END - 3_600_000 && timeOf(e as Record<string, unknown>) <= END)).toBe(true);
    expect(history(1).some((e) => e.id?.startsWith('incident-'))).toBe(false);
  });

  it('reads its options from arguments and the environment', () => {
    const o = parseDemoArgs(['--seed', '9', '--days', '3', '--incident', '--end', '2026-01-01T00:00:00Z'], { FLOWMETER_URL: 'http://x:1', FLOWMETER_INGEST_TOKEN: 't' });
    expect(o.history).toEqual({ seed: 9, days: 3, endMs: Date.parse('2026-01-01T00:00:00Z'), incident: true });
    expect(o.target).toMatchObject({ url: 'http://x:1', token: 't' });
    expect(() => parseDemoArgs(['--days', '0'], {})).toThrow(/--days/);
  });

  it('ends by saying what to look at: the service\'s URLs and the Grafana stack command', () => {
    const text = nextSteps('http://10.0.0.7:3001/');
    expect(text).toMatch(/done/);
    expect(text).toContain('http://10.0.0.7:3001/openapi/statistics/overview');
    expect(text).toContain('http://10.0.0.7:3001/api/v2/insights/gh/acme/payments/workflows');
    expect(text).toContain('docker compose up');
    expect(text).toContain('http://localhost:3000');
  });
});
