/**
 * Every provisioned alert rule evaluated as Grafana evaluates it, on either store: its query A
 * goes through the plugin's backend (the built executable, driven as Grafana's plugin host
 * drives it, with the FromAlert header and no user) to the real service holding demo data; the
 * frames come back as Arrow; the rule's reduce and threshold fire on a failure spike in the last
 * hour and stay quiet on the same history without it.
 */
import { demoHistory } from '../../src/demo/history';
import { seed } from '../../src/demo/seed';
import { startService, type RunningService } from '../support/service';
import { engines, type TestStore } from '../support/stores';
import { dataQuery, decodeFrame, GrafanaHost } from '../../../pkg/test/host';
import { readYaml } from './files';

/** A Wednesday evening: the demo's last hour here has no failures of its own. */
const END = Date.parse('2026-11-25T18:30:00Z');

interface Rule {
  uid: string;
  data: Array<{ refId: string; relativeTimeRange: { from: number }; model: Record<string, unknown> & { reducer: string; conditions: Array<{ evaluator: { type: 'gt' | 'lt'; params: [number] } }> } }>;
}
const rules: Rule[] = readYaml('provisioning/alerting/flowmeter.yaml').groups.flatMap((g: { rules: Rule[] }) => g.rules);
const ruleOf = (uid: string) => rules.find((r) => r.uid === uid)!;

interface Instance { labels: Record<string, string>; value: number | null; firing: boolean }

const reducers: Record<string, (values: number[]) => number | null> = {
  last: (v) => (v.length ? v[v.length - 1] : null),
  max: (v) => (v.length ? Math.max(...v) : null),
  sum: (v) => v.reduce((a, b) => a + b, 0),
  mean: (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null),
};

let host: GrafanaHost;
beforeAll(async () => { host = await GrafanaHost.start(); }, 30_000);
afterAll(async () => { await host?.stop(); });

/** Query A through the plugin (as a rule evaluation), then B (reduce, per series) and C (threshold). */
async function evaluate(serviceUrl: string, rule: Rule): Promise<Instance[]> {
  const [a, b, c] = rule.data;
  const range = { from: END - a.relativeTimeRange.from * 1000, to: END };
  const { responses } = await host.queryData({ jsonData: { url: serviceUrl } }, [dataQuery('A', a.model, range)], { FromAlert: 'true' }, null);
  expect([rule.uid, responses.A.error]).toEqual([rule.uid, '']);
  const { type, params: [threshold] } = c.model.conditions[0].evaluator;
  // Grafana's alerting reads one frame without a time field and with one number field as a
  // numeric table: a number per row, labelled by the row's string fields (pkg/expr/converter.go).
  expect(responses.A.frames.length).toBeLessThanOrEqual(1);
  if (!responses.A.frames.length) return [];
  const table = decodeFrame(responses.A.frames[0]);
  const types = table.schema.fields.map((f) => f.metadata.get('tstype'));
  expect(types.filter((t) => t === 'number')).toHaveLength(1);
  expect(types.filter((t) => t !== 'number' && t !== 'string')).toEqual([]);
  const rows = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
  return rows.map((row) => {
    const labels: Record<string, string> = {};
    let value: unknown;
    table.schema.fields.forEach((f, i) => { if (types[i] === 'string') labels[f.name] = String(row[f.name]); else value = row[f.name]; });
    // The reduce node's "drop non-numeric" mode, over a single value.
    const reduced = reducers[b.model.reducer]([value].filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
    return { labels, value: reduced, firing: reduced !== null && (type === 'gt' ? reduced > threshold : reduced < threshold) };
  });
}

const expectedFiring: Record<string, Record<string, string>> = {
  'flowmeter-build-failures': { project: 'payments' },
  'flowmeter-failed-prod-deploys': { project: 'payments', service: 'api' },
  'flowmeter-api-5xx-ratio': { project_id: 'proj-1', instance_id: 'apig-1' },
  'flowmeter-change-failure-rate': { project: 'payments' },
};

it('covers every provisioned rule', () => {
  expect(rules.map((r) => r.uid).sort()).toEqual(Object.keys(expectedFiring).sort());
});

describe.each(engines)('alert rules through the plugin [%s store]', (_engine, open) => {
  let store: TestStore;
  let service: RunningService;

  // One history: first as it is, then with the incident's events added (the spike).
  beforeAll(async () => {
    store = await open();
    service = await startService(store.store);
    await seed(demoHistory({ days: 8, endMs: END, seed: 42 }), { url: service.url });
  }, 120_000);
  afterAll(async () => {
    await service?.close();
    await store?.dispose();
  });

  describe('without the spike', () => {
    it.each(Object.keys(expectedFiring))('%s stays quiet', async (uid) => {
      const instances = await evaluate(service.url, ruleOf(uid));
      for (const i of instances) expect(typeof i.value).toBe('number');
      expect(instances.filter((i) => i.firing)).toEqual([]);
    });

    it('sees builds, traffic and deploys in the windows (quiet because under threshold, not because empty)', async () => {
      for (const uid of ['flowmeter-build-failures', 'flowmeter-api-5xx-ratio', 'flowmeter-change-failure-rate']) {
        expect([uid, (await evaluate(service.url, ruleOf(uid))).length > 0]).toEqual([uid, true]);
      }
    });
  });

  describe('with a failure spike in the last hour', () => {
    beforeAll(async () => {
      const incident = [...demoHistory({ days: 1, endMs: END, seed: 42, incident: true })].filter((e) => e.id?.startsWith('incident-'));
      await seed(incident, { url: service.url });
    });

    it.each(Object.keys(expectedFiring))('%s returns numbers and fires, for its group only', async (uid) => {
      const instances = await evaluate(service.url, ruleOf(uid));
      expect(instances.length).toBeGreaterThan(0);
      for (const i of instances) expect(typeof i.value).toBe('number');
      expect(instances.filter((i) => i.firing).map((i) => i.labels)).toEqual([expectedFiring[uid]]);
    });
  });
});
