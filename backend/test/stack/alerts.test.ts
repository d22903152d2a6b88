/**
 * Every provisioned alert rule against a real influxd holding demo data written through the
 * service: its InfluxQL (with $timeFilter as Grafana expands it) returns numbers, and the
 * rule's reduce + threshold fire on a failure spike and stay quiet on the same history without one.
 */
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { demoHistory } from '../../src/demo/history';
import { seed } from '../../src/demo/seed';
import { startService } from '../support/service';
import { influxUrl, silentLogger } from '../support/stores';
import { readYaml } from './files';

/** A Wednesday evening: the demo's last hour here has no failures of its own. */
const END = Date.parse('2026-11-25T18:30:00Z');

interface Rule {
  uid: string;
  data: Array<{ refId: string; relativeTimeRange: { from: number }; model: { query: string; reducer: string; conditions: Array<{ evaluator: { type: 'gt' | 'lt'; params: [number] } }> } }>;
}
const rules: Rule[] = readYaml('provisioning/alerting/flowmeter.yaml').groups.flatMap((g: { rules: Rule[] }) => g.rules);

interface Instance { labels: Record<string, string>; value: number | null; firing: boolean }

/** Grafana's InfluxQL $timeFilter for a relative range ending at `end`. */
const timeFilter = (fromSeconds: number, end: number) => `time >= ${end - fromSeconds * 1000}ms and time <= ${end}ms`;

const reducers: Record<string, (values: number[]) => number | null> = {
  last: (v) => (v.length ? v[v.length - 1] : null),
  max: (v) => (v.length ? Math.max(...v) : null),
  sum: (v) => v.reduce((a, b) => a + b, 0),
  mean: (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null),
};

async function evaluate(database: string, rule: Rule): Promise<Instance[]> {
  const [a, b, c] = rule.data;
  const q = a.model.query.replace('$timeFilter', timeFilter(a.relativeTimeRange.from, END));
  const res = await fetch(`${influxUrl()}/query?db=${encodeURIComponent(database)}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = await res.json();
  expect([rule.uid, res.status, body.results[0].error]).toEqual([rule.uid, 200, undefined]);
  const series: Array<{ tags?: Record<string, string>; values: unknown[][] }> = body.results[0].series ?? [];
  const { type, params: [threshold] } = c.model.conditions[0].evaluator;
  return series.map((s) => {
    // The reduce node's "drop non-numeric" mode.
    const values = s.values.map((row) => row[1]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const value = reducers[b.model.reducer](values);
    return { labels: s.tags ?? {}, value, firing: value !== null && (type === 'gt' ? value > threshold : value < threshold) };
  });
}

describe('alert rules on InfluxDB', () => {
  const databases = { spike: `flowmeter_alerts_spike_${process.pid}`, healthy: `flowmeter_alerts_healthy_${process.pid}` };

  beforeAll(async () => {
    for (const [name, database] of Object.entries(databases)) {
      const store = new InfluxStore({ url: influxUrl(), database, logger: silentLogger });
      await store.open();
      const service = await startService(store);
      await seed(demoHistory({ days: 2, endMs: END, seed: 42, incident: name === 'spike' }), { url: service.url });
      await service.close();
      await store.close();
    }
  }, 60_000);
  afterAll(async () => {
    for (const database of Object.values(databases)) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${database}"`)}`, { method: 'POST' });
  });

  const expectedFiring: Record<string, Record<string, string>> = {
    'flowmeter-build-failures': { project: 'payments' },
    'flowmeter-failed-prod-deploys': { project: 'payments', service: 'api' },
    'flowmeter-api-5xx-ratio': { project_id: 'proj-1', instance_id: 'apig-1' },
  };

  it('covers every provisioned rule', () => {
    expect(rules.map((r) => r.uid).sort()).toEqual(Object.keys(expectedFiring).sort());
  });

  it.each(Object.keys(expectedFiring))('%s returns numbers and fires on the failure spike', async (uid) => {
    const instances = await evaluate(databases.spike, rules.find((r) => r.uid === uid)!);
    expect(instances.length).toBeGreaterThan(0);
    for (const i of instances) expect(typeof i.value).toBe('number');
    const firing = instances.filter((i) => i.firing);
    expect(firing.map((i) => i.labels)).toEqual([expect.objectContaining(expectedFiring[uid])]);
  });

  it.each(Object.keys(expectedFiring))('%s stays quiet on the same history without the spike', async (uid) => {
    const instances = await evaluate(databases.healthy, rules.find((r) => r.uid === uid)!);
    for (const i of instances) expect(typeof i.value).toBe('number');
    expect(instances.filter((i) => i.firing)).toEqual([]);
  });

  it('sees traffic and builds in the healthy hour too (quiet because under threshold, not because empty)', async () => {
    for (const uid of ['flowmeter-build-failures', 'flowmeter-api-5xx-ratio']) {
      expect([uid, (await evaluate(databases.healthy, rules.find((r) => r.uid === uid)!)).length > 0]).toEqual([uid, true]);
    }
  });
});
