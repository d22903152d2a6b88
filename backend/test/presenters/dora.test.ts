/**
 * DORA metrics through POST /api/v1/query on each real store. Expected numbers are computed here
 * from the dataset with plain loops, not with the service's statistics code.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';

const iso = (s: string) => Date.parse(s);
const HOUR = 3_600_000;

type Status = 'success' | 'failure' | 'timeout' | 'cancelled';
interface Deploy { id: string; project: string; service: string; env: string; status: Status; time: number; commit_time?: number }

const deploys: Deploy[] = [];
const add = (project: string, service: string, env: string, status: Status, at: string, leadHours?: number) => {
  const time = iso(at);
  deploys.push({ id: `d-${deploys.length}`, project, service, env, status, time, ...(leadHours !== undefined ? { commit_time: time - leadHours * HOUR } : {}) });
};
add('alpha', 'api', 'prod', 'success', '2026-02-28T10:00:00Z', 1); // before the range
add('alpha', 'api', 'prod', 'success', '2026-03-01T10:00:00Z', 2);
add('alpha', 'api', 'prod', 'failure', '2026-03-01T12:00:00Z', 5); // failed: its lead time does not count
add('alpha', 'api', 'prod', 'timeout', '2026-03-01T13:00:00Z');
add('alpha', 'api', 'prod', 'success', '2026-03-01T15:00:00Z', 7); // restores after 3 h
add('alpha', 'web', 'prod', 'success', '2026-03-01T16:00:00Z');
add('alpha', 'api', 'prod', 'cancelled', '2026-03-02T09:00:00Z');
add('alpha', 'api', 'prod', 'success', '2026-03-02T10:00:00Z', 0.5);
add('beta, inc', 'web', 'prod', 'failure', '2026-03-02T11:00:00Z');
add('beta, inc', 'web', 'prod', 'success', '2026-03-03T11:00:00Z', 24); // restores after 24 h
add('beta, inc', 'api', 'prod', 'failure', '2026-03-03T11:00:00Z'); // same moment as another service's restore
add('beta, inc', 'web', 'prod', 'failure', '2026-03-03T12:00:00Z'); // never restored
add('beta, inc', 'api', 'prod', 'success', '2026-03-04T08:00:00Z', 3); // restores after 21 h
add('alpha', 'api', 'staging', 'failure', '2026-03-01T11:00:00Z');
add('alpha', 'api', 'staging', 'success', '2026-03-01T11:30:00Z', 0.2);
add('alpha', 'api', 'prod', 'failure', '2026-03-06T10:00:00Z'); // after the range

const FROM = iso('2026-03-01T00:00:00Z');
const TO = iso('2026-03-05T00:00:00Z'); // 4 whole days
const DATES = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];

const median = (values: number[]) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function expected(projects: string[], env: string, from = FROM, to = TO) {
  const scoped = deploys.filter((d) => d.env === env && (!projects.length || projects.includes(d.project)) && d.time >= from && d.time < to);
  const ok = scoped.filter((d) => d.status === 'success');
  const failed = scoped.filter((d) => d.status === 'failure' || d.status === 'timeout');
  const leads = ok.filter((d) => d.commit_time !== undefined).map((d) => (d.time - d.commit_time!) / 1000);
  const restoreTimes: number[] = [];
  for (const key of new Set(scoped.map((d) => `${d.project}|${d.service}`))) {
    let failingSince: number | undefined;
    for (const d of scoped.filter((x) => `${x.project}|${x.service}` === key).sort((a, b) => a.time - b.time)) {
      if (d.status === 'failure' || d.status === 'timeout') failingSince ??= d.time;
      else if (d.status === 'success' && failingSince !== undefined) { restoreTimes.push((d.time - failingSince) / 1000); failingSince = undefined; }
    }
  }
  const days = Math.round((to - from) / 86_400_000);
  return {
    deployment_frequency: ok.length / days,
    deployments: ok.length,
    lead_time_median: median(leads),
    lead_time_mean: leads.length ? leads.reduce((a, b) => a + b, 0) / leads.length : null,
    change_failure_rate: ok.length + failed.length ? failed.length / (ok.length + failed.length) : null,
    failed_deployments: failed.length,
    time_to_restore: restoreTimes.length ? restoreTimes.reduce((a, b) => a + b, 0) / restoreTimes.length : null,
    restores: restoreTimes.length,
    days,
  };
}


eachStore('DORA metrics', (getStore) => {
  let service: RunningService;
  const query = async (q: Record<string, unknown>, range = { from: FROM, to: TO }) => {
    const { status, body } = await postQuery(service.url, { queries: [{ refId: 'A', ...q }], range, timezone: 'utc' });
    expect(status).toBe(200);
    return body.results.A;
  };
  const summary = async (q: Record<string, unknown>) => {
    const { frames, error } = await query({ kind: 'dora', ...q });
    expect(error).toBeUndefined();
    const f = frames![0];
    expect(f.schema.name).toBe('dora');
    return Object.fromEntries(f.schema.fields.map((field, i) => [field.name, f.data.values[i][0]]));
  };

  beforeAll(async () => {
    service = await startService(getStore());
    await ingest(service.url, deploys.map((d) => ({ kind: 'deploy', ...d, production: d.env === 'prod' })));
    await ingest(service.url, [
      { kind: 'rollback', id: 'rb-1', project: 'alpha', env: 'prod', service: 'api', time: '2026-03-02T12:00:00Z' },
      { kind: 'rollback', id: 'rb-2', project: 'alpha', env: 'staging', service: 'api', time: '2026-03-02T12:00:00Z' },
      { kind: 'rollback', id: 'rb-3', project: 'beta, inc', env: 'prod', service: 'web', time: '2026-03-03T12:30:00Z' },
    ]);
  });
  afterAll(async () => { await service.close(); });

  it('summary over all projects of prod (the default env)', async () => {
    const got = await summary({});
    const want = expected([], 'prod');
    expect(want.restores).toBe(3); // the dataset exercises what it means to
    for (const [name, value] of Object.entries(want)) {
      expect([name, got[name]]).toEqual([name, value === null ? null : expect.closeTo(value, 6)]);
    }
    expect(got.rollbacks).toBe(2);
  });

  it('summary for one project, and another env', async () => {
    const alpha = await summary({ projects: ['alpha'] });
    expect(alpha.deployments).toBe(expected(['alpha'], 'prod').deployments);
    expect(alpha.change_failure_rate).toBeCloseTo(expected(['alpha'], 'prod').change_failure_rate!, 6);
    expect(alpha.time_to_restore).toBeCloseTo(3 * 3600, 6);
    expect(alpha.rollbacks).toBe(1);
    const beta = await summary({ projects: ['beta, inc'] });
    expect(beta.time_to_restore).toBeCloseTo(((24 + 21) / 2) * 3600, 6); // web after 24 h, api after 21 h
    const staging = await summary({ env: 'staging' });
    expect(staging).toMatchObject({ deployments: 1, failed_deployments: 1, change_failure_rate: 0.5, restores: 1, time_to_restore: 1800, rollbacks: 1 });
    expect(staging.lead_time_median).toBeCloseTo(0.2 * 3600, 6);
  });

  it('answers nulls, not zeros, for rates and times with no deploys', async () => {
    const none = await summary({ env: 'nowhere' });
    expect(none).toMatchObject({ deployments: 0, deployment_frequency: 0, change_failure_rate: null, lead_time_median: null, time_to_restore: null, restores: 0 });
  });

  it('daily: every day of the range, with the day\'s counts, failure rate and median lead time', async () => {
    const { frames, error } = await query({ kind: 'dora', view: 'daily' });
    expect(error).toBeUndefined();
    const f = frames![0];
    expect(f.schema.name).toBe('dora_daily');
    expect(column(f, 'time')).toEqual(DATES.map((d) => iso(`${d}T00:00:00Z`)));
    DATES.forEach((date, i) => {
      const want = expected([], 'prod', iso(`${date}T00:00:00Z`), iso(`${date}T00:00:00Z`) + 86_400_000);
      expect([date, column(f, 'deployments')[i], column(f, 'failed_deployments')[i]]).toEqual([date, want.deployments, want.failed_deployments]);
      expect(column(f, 'change_failure_rate')[i] ?? null).toEqual(want.change_failure_rate === null ? null : expect.closeTo(want.change_failure_rate, 6));
      expect(column(f, 'lead_time_median')[i] ?? null).toEqual(want.lead_time_median === null ? null : expect.closeTo(want.lead_time_median, 6));
    });
  });

  it('counts a commit stamped after its deploy (clock skew) as no wait, and failed deploys\' commits not at all', async () => {
    await ingest(service.url, [
      { kind: 'deploy', id: 'skew-1', project: 'alpha', service: 'api', env: 'skew', status: 'success', time: '2026-03-02T10:00:00Z', commit_time: '2026-03-02T10:05:00Z' },
      { kind: 'deploy', id: 'skew-2', project: 'alpha', service: 'api', env: 'skew', status: 'failure', time: '2026-03-02T11:00:00Z', commit_time: '2026-03-01T11:00:00Z' },
    ]);
    const skew = await summary({ env: 'skew' });
    expect(skew).toMatchObject({ deployments: 1, lead_time_median: 0, lead_time_mean: 0 });
  });

  it('rejects an unknown view as that query\'s error', async () => {
    const { error } = await query({ kind: 'dora', view: 'weekly' });
    expect(error).toMatch(/view/);
  });
});
