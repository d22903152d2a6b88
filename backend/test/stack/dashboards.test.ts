/**
 * Every dashboard against the real service loaded with demo data, on each store: variables
 * resolved through the plugin's lookups, every panel's and annotation's queries answered without
 * error, with the fields the panel shows, and data in them.
 */
import { Query } from '../../../contract/query';
import { demoHistory } from '../../src/demo/history';
import { seed } from '../../src/demo/seed';
import { startService, type RunningService } from '../support/service';
import { eachStore } from '../support/stores';
import { postQuery, type QueryResult as Result } from '../support/frames';
import { dashboardFiles } from './files';
import { interpolate, type Values } from './variables';

const END = Date.parse('2026-11-25T18:30:00Z');
const RANGE = { from: END - 7 * 86_400_000, to: END };


interface PanelJson {
  title: string;
  targets: Array<{ refId: string }>;
  transformations?: Array<{ id: string; options: { include?: { names: string[] } } }>;
}

/** Field names a panel shows: its filterFieldsByName list (every generated panel has one). */
const shownFields = (panel: PanelJson): string[] => panel.transformations?.find((t) => t.id === 'filterFieldsByName')?.options.include?.names ?? [];

eachStore('provisioned dashboards on demo data', (getStore) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(getStore());
    const accepted = await seed(demoHistory({ days: 8, endMs: END, seed: 42 }), { url: service.url });
    expect(accepted).toBeGreaterThan(10_000);
  }, 60_000);
  afterAll(async () => { await service.close(); });

  const query = async (targets: unknown[]): Promise<Record<string, Result>> => {
    const { status, body } = await postQuery(service.url, { queries: targets, range: RANGE, timezone: 'utc' });
    expect(status).toBe(200);
    return body.results;
  };

  /** Resolves variables in order, as Grafana does: lookups with the earlier variables' values as filters. */
  async function resolve(variables: Array<Record<string, any>>): Promise<Values> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const values: Values = {};
    for (const v of variables) {
      const all = v.includeAll && v.current.value === '$__all';
      if (v.type !== 'query') { values[v.name] = [all ? v.allValue : String(v.current.value)]; continue; }
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(interpolate(v.query.filters as Record<string, string>, values))) for (const one of value.split(',')) if (one) params.append(name, one);
      const res = await fetch(`${service.url}/api/v1/lookup/${v.query.lookup}?${params}`);
      expect([v.name, res.status]).toEqual([v.name, 200]);
      const options: string[] = (await res.json()).values;
      expect([v.name, options.length > 0]).toEqual([v.name, true]);
      const initial = String(v.current.value);
      values[v.name] = all ? [v.allValue] : [options.includes(initial) ? initial : options[0]];
    }
    return values;
  }

  describe.each(dashboardFiles().map((d) => [d.dashboard.title, d.dashboard]))('%s', (_title, dashboard) => {
    let values: Values;
    beforeAll(async () => { values = await resolve(dashboard.templating.list); });

    const panels: Array<[string, PanelJson]> = dashboard.panels.map((p: PanelJson) => [p.title, p]);
    it.each(panels)('panel "%s" gets its fields, with data', async (_t, panel) => {
      const targets = panel.targets.map((t) => interpolate(t, values));
      for (const t of targets) expect(Query.safeParse(t).success).toBe(true);
      const results = await query(targets);
      for (const t of targets) {
        const { frames, error } = results[t.refId];
        expect(error).toBeUndefined();
        expect(frames!.length).toBeGreaterThan(0);
        const fields = new Map(frames!.flatMap((f) => f.schema.fields.map((field, i) => [field.name, f.data.values[i]] as const)));
        const shown = shownFields(panel).filter((n) => n !== 'time');
        expect(shown.length).toBeGreaterThan(0);
        for (const name of shown) expect([name, fields.has(name)]).toEqual([name, true]);
        const hasData = shown.some((name) => fields.get(name)!.some((v) => typeof v === 'number' && v > 0));
        expect([panel.title, hasData]).toEqual([panel.title, true]);
      }
    });

    it('answers its annotation queries with time, title and text', async () => {
      const annotations = dashboard.annotations.list.filter((a: { target?: unknown }) => a.target);
      for (const a of annotations) {
        const t = interpolate(a.target, values);
        const { frames, error } = (await query([t]))[t.refId];
        expect(error).toBeUndefined();
        const names = frames![0].schema.fields.map((f) => f.name);
        expect(names).toContain('time');
        if (t.kind === 'rollback') expect(names).toEqual(expect.arrayContaining(['title', 'text', 'tags']));
      }
    });
  });
});
