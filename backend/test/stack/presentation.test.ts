/**
 * The dashboards as a Grafana expert would ship them: every panel described and in a unit,
 * outcomes in fixed colours (success green, failure red, timeout orange, cancelled grey; 2xx, 4xx,
 * 5xx likewise), thresholds only where they mean something, one bar per row in bar gauges, task
 * instances as a pie, and ranges that end on whole buckets where the last one would be partial.
 */
import { dashboardFiles } from './files';

/* eslint-disable @typescript-eslint/no-explicit-any */
const dashboards = dashboardFiles().map(({ path, dashboard }) => [path.replace(/^.*\//, ''), dashboard] as const);
const panels: Array<[string, any]> = dashboards.flatMap(([file, d]) => d.panels.map((p: any) => [`${file}: ${p.title}`, p] as [string, any]));
const shown = (p: any): string[] => p.transformations.find((t: any) => t.id === 'filterFieldsByName').options.include.names;
const overrideOf = (p: any, name: string, property: string) =>
  p.fieldConfig.overrides.filter((o: any) => o.matcher.id === 'byName' && o.matcher.options === name).flatMap((o: any) => o.properties).find((x: any) => x.id === property)?.value;

const EXPECTED_COLOURS: Record<string, string> = {
  success: 'green', success_count: 'green', deployments: 'green', req_count2xx: 'green',
  failure: 'red', failed_count: 'red', failed_deployments: 'red', req_count5xx: 'red', fail: 'red',
  timeout_count: 'orange', req_count4xx: 'orange', running_exception: 'orange',
  cancelled: 'gray', skip: 'gray', manual_stop: 'gray',
};

it.each(panels)('%s: has a description and a unit', (_title, p) => {
  expect(p.description).toMatch(/\w{3,}.*\./);
  expect(p.fieldConfig.defaults.unit).toEqual(expect.any(String));
});

it.each(panels.filter(([, p]) => p.type !== 'table'))('%s: no default thresholds (Grafana\'s turn values over 80 red)', (_title, p) => {
  const steps = p.fieldConfig.defaults.thresholds?.steps ?? [];
  expect(steps.some((s: { value: number | null; color: string }) => s.value === 80)).toBe(false);
  if (steps.length === 1) expect(steps[0]).toEqual({ value: null, color: 'blue' });
});

it('every outcome field a time series shows has its fixed colour', () => {
  const checked = panels.filter(([, p]) => p.type === 'timeseries').flatMap(([title, p]) => shown(p).filter((n) => n in EXPECTED_COLOURS).map((n) => [title, n, overrideOf(p, n, 'color')]));
  expect(checked.length).toBeGreaterThanOrEqual(12);
  for (const [title, name, colour] of checked) expect([title, name, colour]).toEqual([title, name, { mode: 'fixed', fixedColor: EXPECTED_COLOURS[name as string] }]);
});

it('success rates: amber under 90%, red under 75%, on a 0-100% scale', () => {
  const rates = panels.filter(([, p]) => shown(p).includes('success_rate') && p.type !== 'table');
  expect(rates.length).toBeGreaterThanOrEqual(4);
  for (const [title, p] of rates) {
    expect([title, p.fieldConfig.defaults.unit, p.fieldConfig.defaults.max]).toEqual([title, 'percentunit', 1]);
    expect([title, p.fieldConfig.defaults.thresholds.steps]).toEqual([title, [{ value: null, color: 'red' }, { value: 0.75, color: 'orange' }, { value: 0.9, color: 'green' }]]);
    if (p.type === 'timeseries') expect(p.fieldConfig.defaults.custom.thresholdsStyle.mode).toBe('dashed');
  }
});

it('tables: each column in its unit, statuses coloured by outcome, as high as their rows', () => {
  const tables = panels.filter(([, p]) => p.type === 'table');
  for (const [title, p] of tables) {
    for (const name of shown(p).filter((n) => /duration|mttr|rate|^time$/.test(n))) expect([title, name, overrideOf(p, name, 'unit')]).toEqual([title, name, expect.any(String)]);
    if (shown(p).includes('status')) {
      const mapping = overrideOf(p, 'status', 'mappings')[0].options;
      expect([mapping.success.color, mapping.failed.color, mapping.fail.color, mapping.cancelled.color]).toEqual(['green', 'red', 'red', 'gray']);
    }
    expect([title, p.gridPos.h <= 12]).toEqual([title, true]);
  }
});

it('bar gauges: one bar per row, named by the row (not by a field\'s display name), bars of a fixed height', () => {
  const gauges = panels.filter(([, p]) => p.type === 'bargauge');
  expect(gauges.length).toBeGreaterThanOrEqual(7);
  for (const [title, p] of gauges) {
    const [label] = shown(p);
    const [, value] = shown(p);
    expect([title, p.options.reduceOptions.values, overrideOf(p, value, 'displayName')]).toEqual([title, true, `\${__data.fields.${label}}`]);
    expect([title, p.options.sizing, p.options.maxVizHeight]).toEqual([title, 'manual', 32]);
  }
});

it('task instances: a pie with each status in its outcome colour', () => {
  const [, pie] = panels.find(([title]) => title.startsWith('task-instances.json'))!;
  expect(pie.type).toBe('piechart');
  for (const status of ['success', 'fail', 'running_exception', 'skip', 'manual_stop']) expect([status, overrideOf(pie, status, 'color')?.fixedColor]).toEqual([status, EXPECTED_COLOURS[status]]);
});

it('API traffic ends at the last whole hour, so the partial bucket is not drawn as a drop', () => {
  const [, traffic] = dashboards.find(([file]) => file === 'api-traffic.json')!;
  expect(traffic.time).toEqual({ from: 'now-24h/h', to: 'now-1h/h' });
});
