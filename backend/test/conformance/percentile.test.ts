/**
 * Percentiles are nearest-rank on both engines (spec section 3): rank ceil(N x p/100), at least
 * 1. InfluxDB's own PERCENTILE picks floor(N x p/100 + 0.5), which differs for many N (for 17
 * runs, p95 would be the 16th smallest): the sizes here are chosen to include those.
 */
import { Event } from '../../../contract/events';
import { toPoint } from '../../src/store/points';
import { eachStore } from '../support/stores';
import { ingest, startService } from '../support/service';

const DAY = 86_400_000;
const NOW = Date.now();
const DAY0 = Math.floor(NOW / DAY) * DAY - 10 * DAY; // a UTC midnight ten days back
const PS = [5, 25, 50, 90, 95, 99, 99.9];

/** The rule written out plainly: sort, take rank ceil(N p / 100) (1-based), at least 1. */
const nearestRank = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  let rank = 1;
  while (rank < sorted.length && rank * 100 < sorted.length * p - 1e-6) rank++;
  return sorted[rank - 1];
};
const influxRule = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length * p) / 100 + 0.5) - 1];

/** N durations, distinct and in a scrambled order. */
const durations = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 1009) + i / 1000);

eachStore('nearest-rank percentiles', (getStore) => {
  const sizes = Array.from({ length: 45 }, (_, i) => i + 1);
  beforeAll(async () => {
    const events = sizes.flatMap((n) => durations(n, n).map((duration, i) => Event.parse({
      kind: 'workflow_run', id: `p-${n}-${i}`, project_slug: 'gh/acme/p', workflow: `w${n}`, status: 'success',
      created_at: DAY0 + (n % 3) * DAY + i * 1000, duration,
    })));
    await getStore().write(events.map(toPoint));
  });

  it('the rule differs from InfluxDB\'s at the sizes tested (the test can tell them apart)', () => {
    expect(nearestRank(durations(17, 17), 95)).not.toBe(influxRule(durations(17, 17), 95));
    const differing = sizes.filter((n) => PS.some((p) => nearestRank(durations(n, n), p) !== influxRule(durations(n, n), p)));
    expect(differing.length).toBeGreaterThan(30);
  });

  it('grouped by a tag: every size and percentile at its nearest rank', async () => {
    const select = Object.fromEntries(PS.map((p) => [`p${p}`, { fn: 'percentile' as const, field: 'duration', p }]));
    const rows = await getStore().aggregate({ measurement: 'workflow_run', where: { project_slug: ['gh/acme/p'] }, groupBy: ['workflow'], select });
    const got = Object.fromEntries(rows.map((r) => [r.group.workflow, r.values]));
    const expected = Object.fromEntries(sizes.map((n) => [`w${n}`, Object.fromEntries(PS.map((p) => [`p${p}`, nearestRank(durations(n, n), p)]))]));
    expect(got).toEqual(expected);
  });

  it('bucketed by day, grouped by nothing: each day at its nearest rank', async () => {
    const rows = await getStore().aggregate({
      measurement: 'workflow_run', where: { project_slug: ['gh/acme/p'] }, range: { fromMs: DAY0, toMs: DAY0 + 3 * DAY },
      bucket: { unit: 'day', tz: 'UTC' }, select: { p95: { fn: 'percentile', field: 'duration', p: 95 }, p50: { fn: 'percentile', field: 'duration', p: 50 } },
    });
    const expected = [0, 1, 2].map((d) => {
      const values = sizes.filter((n) => n % 3 === d).flatMap((n) => durations(n, n));
      return { bucketMs: DAY0 + d * DAY, group: {}, values: { p95: nearestRank(values, 95), p50: nearestRank(values, 50) } };
    });
    expect(rows).toEqual(expected);
  });
});

eachStore('CircleCI p95 over HTTP is nearest-rank', (getStore) => {
  it('17 runs: p95 is the 17th smallest duration, not the 16th', async () => {
    const service = await startService(getStore());
    try {
      const values = Array.from({ length: 17 }, (_, i) => 100 + i * 10);
      await ingest(service.url, values.map((duration, i) => ({
        kind: 'workflow_run', id: `r-${i}`, project_slug: 'gh/acme/p17', workflow: 'ci', branch: 'main', status: 'success',
        created_at: new Date(NOW - DAY + i * 60_000).toISOString(), duration,
      })));
      const res = await fetch(`${service.url}/api/v2/insights/gh/acme/p17/workflows?reporting-window=last-7-days`, { headers: { accept: 'application/json' } });
      const body = await res.json();
      expect(body.items[0].metrics.duration_metrics.p95).toBe(260);
      expect(influxRule(values, 95)).toBe(250);
    } finally {
      await service.close();
    }
  });
});
