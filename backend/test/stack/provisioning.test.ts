/** Every provisioning file parses and carries what Grafana requires; references between them resolve. */
import { LookupFilters, Lookups, Query } from '../../../contract/query';
import { dashboardFiles, list, readYaml, referencedVariables } from './files';
import { interpolate } from './variables';

const PLUGIN = 'flowmeter-insights-datasource';
const datasources = readYaml<{ apiVersion: number; datasources: Array<Record<string, any>> }>('provisioning/datasources/flowmeter.yaml'); // eslint-disable-line @typescript-eslint/no-explicit-any
const flowmeter = datasources.datasources.find((d) => d.type === PLUGIN)!;
const influx = datasources.datasources.find((d) => d.type === 'influxdb')!;
const grafanaEnv = readYaml('docker-compose.yml').services.grafana.environment as Record<string, string>;

describe('data sources', () => {
  it('provisions the Flowmeter plugin with the service URL and the read token from the environment', () => {
    expect(datasources.apiVersion).toBe(1);
    expect(flowmeter).toMatchObject({ name: 'Flowmeter', uid: 'flowmeter', access: 'proxy', url: '$FLOWMETER_URL', secureJsonData: { readToken: '$FLOWMETER_READ_TOKEN' } });
    // Not the pre-0.2 place (jsonData.url), so Grafana's URL handling (data_source_proxy_whitelist) applies.
    expect(flowmeter.jsonData).not.toHaveProperty('url');
    expect(grafanaEnv.FLOWMETER_URL).toBe('http://flowmeter:3001');
  });

  it('provisions Grafana\'s InfluxDB data source (InfluxQL) on the database Flowmeter writes', () => {
    expect(influx).toMatchObject({ uid: 'flowmeter-influxdb', url: 'http://influxdb:8086', jsonData: { version: 'InfluxQL', dbName: '$FLOWMETER_INFLUX_DB' }, secureJsonData: { password: '$INFLUXDB_READ_USER_PASSWORD' } });
    const flowmeterService = readYaml('docker-compose.yml').services.flowmeter.environment;
    expect(grafanaEnv.FLOWMETER_INFLUX_DB).toBe(flowmeterService.FLOWMETER_INFLUX_DB);
  });

  it('names only variables Grafana\'s container is given', () => {
    const files = [...list('provisioning/datasources', '.yaml'), ...list('provisioning/alerting', '.yaml')];
    // Parsed, so comments do not count; alert rule models and annotations are not expanded by Grafana.
    const text = files.map((f) => JSON.stringify(readYaml(f), (k, v) => (k === 'model' || k === 'annotations' ? undefined : v))).join('\n');
    const used = referencedVariables(text);
    expect(used.length).toBeGreaterThan(3);
    for (const variable of used) expect([variable, variable in grafanaEnv]).toEqual([variable, true]);
  });
});

describe('dashboards', () => {
  const provider = readYaml('provisioning/dashboards/flowmeter.yaml').providers[0];
  const dashboards = dashboardFiles();

  it('are loaded by a file provider from the folder they are in', () => {
    expect(provider).toMatchObject({ type: 'file', folder: 'Flowmeter', options: { path: '/etc/grafana/provisioning/dashboards/json' } });
    expect(dashboards.map((d) => d.path.replace('provisioning/dashboards/json/', ''))).toEqual(['api-traffic.json', 'ci-workflows.json', 'delivery-overview.json', 'dora.json', 'task-instances.json']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  describe.each(dashboards.map((d) => [d.path, d.dashboard]))('%s', (_path, dashboard) => {
    const panels: any[] = dashboard.panels; // eslint-disable-line @typescript-eslint/no-explicit-any
    const variableValues = Object.fromEntries(dashboard.templating.list.map((v: { name: string }) => [v.name, ['x']]));

    it('has the fields Grafana needs', () => {
      expect(dashboard).toMatchObject({ uid: expect.any(String), title: expect.stringMatching(/^Flowmeter \//), schemaVersion: expect.any(Number), time: { from: expect.any(String), to: expect.stringMatching(/^now/) } });
      expect(panels.length).toBeGreaterThan(0);
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    });

    it('picks fields by name (which Grafana matches against name or display name), never by a display-name regex', () => {
      for (const p of panels) {
        const filter = (p.transformations ?? []).find((t: { id: string }) => t.id === 'filterFieldsByName');
        expect([p.title, filter?.options.include.names.length > 0]).toEqual([p.title, true]);
        expect([p.title, p.options.reduceOptions?.fields ?? '']).toEqual([p.title, '']);
      }
    });

    it('lays panels out inside 24 columns without overlaps', () => {
      const cells = new Set<string>();
      for (const { gridPos: g, title } of panels) {
        expect([title, g.x >= 0 && g.x + g.w <= 24 && g.h > 0]).toEqual([title, true]);
        for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
          expect([title, cells.has(`${x},${y}`)]).toEqual([title, false]);
          cells.add(`${x},${y}`);
        }
      }
    });

    it('queries only the Flowmeter plugin, with queries the contract accepts', () => {
      const targets = [...panels.flatMap((p) => p.targets.map((t: unknown) => [p.title, t])), ...dashboard.annotations.list.filter((a: { target?: unknown }) => a.target).map((a: { name: string; target: unknown }) => [a.name, a.target])];
      for (const [title, t] of targets) {
        expect([title, t.datasource]).toEqual([title, { type: PLUGIN, uid: flowmeter.uid }]);
        const parsed = Query.safeParse(interpolate(t, variableValues));
        expect([title, parsed.success ? 'valid' : parsed.error.message]).toEqual([title, 'valid']);
      }
      for (const p of panels) expect([p.title, p.datasource.uid]).toEqual([p.title, flowmeter.uid]);
    });

    it('has variables backed by plugin lookups ({lookup, filters}) or text', () => {
      for (const v of dashboard.templating.list) {
        if (v.type !== 'query') { expect(['textbox', 'custom']).toContain(v.type); continue; }
        expect(v.datasource).toEqual({ type: PLUGIN, uid: flowmeter.uid });
        // Lookups follow the range: refreshed when it changes.
        expect([v.name, v.refresh]).toEqual([v.name, 2]);
        expect(Lookups).toContain(v.query.lookup);
        for (const filter of Object.keys(v.query.filters)) expect(LookupFilters[v.query.lookup as keyof typeof LookupFilters]).toContain(filter);
      }
      // Every $variable used by a query is defined.
      const used = new Set([...JSON.stringify([panels, dashboard.annotations, dashboard.templating]).matchAll(/\$(\w+)/g)].map((m) => m[1]).filter((n) => !n.startsWith('__')));
      for (const name of used) expect([name, name in variableValues]).toEqual([name, true]);
    });
  });

  it('include rollback annotations from the plugin on the delivery and DORA dashboards', () => {
    for (const uid of ['flowmeter-delivery', 'flowmeter-dora']) {
      const d = dashboards.find((x) => x.dashboard.uid === uid)!.dashboard;
      expect(d.annotations.list.some((a: { enable: boolean; target?: { kind: string } }) => a.enable && a.target?.kind === 'rollback')).toBe(true);
    }
  });
});

describe('alerting', () => {
  const alerting = readYaml('provisioning/alerting/flowmeter.yaml');
  const rules: any[] = alerting.groups.flatMap((g: { rules: unknown[] }) => g.rules); // eslint-disable-line @typescript-eslint/no-explicit-any

  const uids = ['flowmeter-build-failures', 'flowmeter-failed-prod-deploys', 'flowmeter-api-5xx-ratio', 'flowmeter-change-failure-rate'];

  it('has rule groups with a folder and an interval, and the four rules', () => {
    expect(alerting.apiVersion).toBe(1);
    for (const g of alerting.groups) expect(g).toMatchObject({ orgId: 1, name: expect.any(String), folder: 'Flowmeter', interval: expect.stringMatching(/^\d+[smh]$/) });
    expect(rules.map((r) => r.uid)).toEqual(uids);
  });

  it.each(uids)('%s: a typed alert query on the Flowmeter data source, reduced, then a threshold', (uid) => {
    const r = rules.find((x) => x.uid === uid);
    expect(r).toMatchObject({ title: expect.any(String), condition: 'C', for: expect.stringMatching(/^\d+[smh]$/), noDataState: 'OK', execErrState: 'Error', labels: { severity: expect.stringMatching(/^(critical|warning)$/) }, annotations: { summary: expect.any(String) } });
    const [a, b, c] = r.data;
    expect(a).toMatchObject({ refId: 'A', datasourceUid: flowmeter.uid, relativeTimeRange: { from: expect.any(Number), to: 0 }, model: { refId: 'A', datasource: { type: PLUGIN, uid: flowmeter.uid }, kind: 'alert' } });
    expect(Query.safeParse(a.model).success).toBe(true);
    expect(b).toMatchObject({ refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: expect.any(String) } });
    expect(c).toMatchObject({ refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: expect.stringMatching(/^(gt|lt)$/), params: [expect.any(Number)] } }] } });
  });

  it('routes notifications to a provisioned contact point', () => {
    const names = alerting.contactPoints.map((c: { name: string }) => c.name);
    expect(alerting.contactPoints[0].receivers[0]).toMatchObject({ uid: expect.any(String), type: 'webhook', settings: { url: '$FLOWMETER_ALERT_WEBHOOK_URL' } });
    const receivers = (p: { receiver: string; routes?: unknown[] }): string[] => [p.receiver, ...((p.routes ?? []) as typeof p[]).flatMap(receivers)];
    for (const receiver of alerting.policies.flatMap(receivers)) expect(names).toContain(receiver);
  });
});
