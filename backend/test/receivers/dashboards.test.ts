/**
 * The provisioned dashboards fed only by a repository's GitHub webhook (a week of GitHub's own
 * example payloads, re-dated): with that repository chosen in the variables, resolved through the
 * plugin's lookups as Grafana resolves them, every panel of the DORA and CI workflow dashboards,
 * and every build, deploy and release panel of the delivery overview, shows data.
 */
import { Query } from '../../../contract/query';
import { startService, type RunningService } from '../support/service';
import { eachStore } from '../support/stores';
import { postQuery } from '../support/frames';
import { dashboardFiles } from '../stack/files';
import { interpolate, type Values } from '../stack/variables';
import { deliver } from './githubExamples';
import { week } from './githubWeek';

jest.setTimeout(30_000);

const SECRET = 'dashboards';
const DAY = 86_400_000;

interface Panel { title: string; targets: Array<{ refId: string; kind: string }> }
type Variable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

eachStore('dashboards fed by GitHub webhooks', (getStore) => {
  let service: RunningService;
  const now = Date.now();
  const data = week(now);
  // What a user picks: the repository, its production environment, every workflow and branch.
  const chosen: Record<string, string> = { project: data.project, project_slug: data.project, env: 'production', workflow: 'CI' };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET });
    for (const { event, payload } of data.deliveries) expect((await deliver(service.url, event, payload, SECRET)).status).toBe(200);
  });
  afterAll(async () => { await service.close(); });

  async function resolve(variables: Variable[]): Promise<Values> {
    const values: Values = {};
    for (const v of variables) {
      if (v.type !== 'query') {
        values[v.name] = [v.includeAll && v.current.value === '$__all' ? v.allValue : String(v.current.value)];
        continue;
      }
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(interpolate(v.query.filters as Record<string, string>, values))) for (const one of value.split(',')) if (one) params.append(name, one);
      const options: string[] = (await (await fetch(`${service.url}/api/v1/lookup/${v.query.lookup}?${params}`)).json()).values;
      const pick = chosen[v.name];
      if (pick !== undefined) expect([v.name, options]).toEqual([v.name, expect.arrayContaining([pick])]);
      values[v.name] = pick !== undefined ? [pick] : v.includeAll ? [v.allValue] : [options[0]];
    }
    return values;
  }

  const wanted: Record<string, (panel: Panel) => boolean> = {
    'Flowmeter / DORA metrics': () => true,
    'Flowmeter / CI workflows': () => true,
    'Flowmeter / Delivery overview': (p) => p.targets.every((t) => ['build', 'deploy', 'release'].includes(t.kind)),
  };

  it.each(Object.keys(wanted))('%s shows the repository\'s numbers', async (title) => {
    const dashboard = dashboardFiles().map((d) => d.dashboard).find((d) => d.title === title);
    const values = await resolve(dashboard.templating.list);
    const panels = (dashboard.panels as Panel[]).filter(wanted[title]);
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      const targets = panel.targets.map((t) => interpolate(t, values));
      for (const t of targets) expect(Query.safeParse(t).success).toBe(true);
      const { body } = await postQuery(service.url, { queries: targets, range: { from: now - 7 * DAY, to: now }, timezone: 'utc' });
      for (const t of targets) {
        const { frames, error } = body.results[t.refId];
        expect([panel.title, error]).toEqual([panel.title, undefined]);
        const numbers = frames!.flatMap((f) => f.data.values.flat()).filter((v) => typeof v === 'number' && v > 0 && v < 1e12);
        expect([panel.title, numbers.length > 0]).toEqual([panel.title, true]);
      }
    }
  });
});
