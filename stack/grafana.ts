/**
 * Builders for Grafana dashboard JSON (schema of Grafana 12): panels whose targets are Flowmeter
 * plugin queries typed by contract/query.ts, template variables backed by the plugin's lookups,
 * and annotations. The dashboards in ./dashboards are written with these, never by hand.
 */
import type { DashboardLink } from '@grafana/schema';
import type { Lookup, QueryInput } from '../contract/query';
import { NO_THRESHOLDS, OUTCOME_COLOURS, outcomeOverrides, unitOf, unitOverrides, type Override, type Thresholds } from './fieldConfig';

export const PLUGIN_ID = 'flowmeter-insights-datasource';
/** The uid given to the data sources in provisioning/datasources/flowmeter.yaml. */
export const FLOWMETER = { type: PLUGIN_ID, uid: 'flowmeter' } as const;
export const INFLUXDB = { type: 'influxdb', uid: 'flowmeter-influxdb' } as const;

/** A panel target: a contract query (checked by the compiler) plus Grafana's datasource reference. */
export type Target = QueryInput & { datasource: typeof FLOWMETER };
/** Distributes Omit over the union of query kinds, so each kind keeps its own options. */
type WithoutRefId<T> = T extends unknown ? Omit<T, 'refId'> : never;
export type TargetQuery = WithoutRefId<QueryInput>;

export const target = (refId: string, query: TargetQuery): Target => ({ refId, datasource: FLOWMETER, ...query } as Target);

export interface Panel {
  id?: number;
  type: string;
  title: string;
  description: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: typeof FLOWMETER;
  targets: Target[];
  fieldConfig: { defaults: Record<string, unknown>; overrides: Override[] };
  options: Record<string, unknown>;
  transformations?: Array<{ id: string; options: Record<string, unknown> }>;
}

/** A panel of the given size; `layout()` places it. */
type Sized = Omit<Panel, 'gridPos' | 'datasource'> & { size: { w: number; h: number } };

const fields = (names: string[]) => ({ id: 'filterFieldsByName', options: { include: { names } } });
/** Rows whose `field` is 0 left out (e.g. statuses no instance has), largest first. */
const nonZeroDescending = (field: string) => [
  { id: 'filterByValue', options: { type: 'exclude', match: 'any', filters: [{ fieldName: field, config: { id: 'equal', options: { value: 0 } } }] } },
  { id: 'sortBy', options: { sort: [{ field, desc: true }] } },
];
const fieldConfig = (defaults: Record<string, unknown>, overrides: Override[] = []): Panel['fieldConfig'] => ({ defaults, overrides });

/*
 * Fields are picked with the filterFieldsByName transformation, which matches a field's name or its
 * display name; reduceOptions.fields (a regex) would match the display name only, and the service
 * gives some fields a display name ("Deployments per day" for deployment_frequency).
 */

/** What every panel says about itself (the "i" next to its title). */
interface Described {
  description: string;
}

/**
 * One number from a one-row frame (or the last row of a series). Without thresholds it is shown
 * in the text colour (no judgement implied); with them, coloured by them.
 */
export function stat(title: string, query: TargetQuery, field: string, o: Described & { unit?: string; thresholds?: Thresholds; size?: { w: number; h: number } }): Sized {
  return {
    type: 'stat', title, description: o.description, size: o.size ?? { w: 6, h: 5 }, targets: [target('A', query)],
    fieldConfig: fieldConfig({ unit: o.unit ?? unitOf(field), color: { mode: 'thresholds' }, thresholds: o.thresholds ?? NO_THRESHOLDS }),
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: o.thresholds ? 'value' : 'none', graphMode: 'area', textMode: 'value', justifyMode: 'auto' },
    transformations: [fields([field])],
  };
}

/**
 * A time series of some fields of a frame (bars for daily counts, lines otherwise). Outcome
 * fields get their colour; thresholds, when given, are drawn as dashed lines.
 */
export function series(title: string, query: TargetQuery, names: string[], o: Described & { unit?: string; bars?: boolean; stacked?: boolean; thresholds?: Thresholds; w?: number; h?: number }): Sized {
  return {
    type: 'timeseries', title, description: o.description, size: { w: o.w ?? 12, h: o.h ?? 8 }, targets: [target('A', query)],
    fieldConfig: fieldConfig({
      unit: o.unit ?? unitOf(names[0]),
      ...(o.unit === 'percentunit' || unitOf(names[0]) === 'percentunit' ? { min: 0, max: 1 } : { min: 0 }),
      color: { mode: 'palette-classic' },
      thresholds: o.thresholds ?? NO_THRESHOLDS,
      custom: {
        drawStyle: o.bars ? 'bars' : 'line', fillOpacity: o.bars ? 80 : 10, lineWidth: 1, spanNulls: false,
        stacking: { mode: o.stacked ? 'normal' : 'none', group: 'A' }, thresholdsStyle: { mode: o.thresholds ? 'dashed' : 'off' },
      },
    }, outcomeOverrides(names)),
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
    transformations: [fields(['time', ...names])],
  };
}

/** Grid rows a table of `rows` rows needs (Grafana: 30 px a grid row plus 8 px gap; small cells 36 px; header and title). */
export const tableHeight = (rows: number) => Math.ceil((36 * (rows + 1) + 48) / 38);

/** Column widths (px) of short columns; the rest share what is left. */
const COLUMN_WIDTHS: Record<string, number> = { time: 180, id: 120, status: 110, branch: 110 };

/**
 * A table of the named columns, in that order, as high as `rows` rows: each column in its unit,
 * short columns as wide as their content, a status column coloured by outcome.
 */
export function table(title: string, query: TargetQuery, names: string[], o: Described & { rows: number; w?: number; nonZero?: string }): Sized {
  const widths = names.filter((n) => COLUMN_WIDTHS[n]).map((n): Override => ({ matcher: { id: 'byName', options: n }, properties: [{ id: 'custom.width', value: COLUMN_WIDTHS[n] }] }));
  const status: Override[] = names.includes('status') ? [{
    matcher: { id: 'byName', options: 'status' },
    properties: [
      { id: 'mappings', value: [{ type: 'value', options: Object.fromEntries(Object.entries(OUTCOME_COLOURS).map(([value, color], index) => [value, { color, index }])) }] },
      { id: 'custom.cellOptions', value: { type: 'color-text' } },
    ],
  }] : [];
  return {
    type: 'table', title, description: o.description, size: { w: o.w ?? 24, h: tableHeight(o.rows) }, targets: [target('A', query)],
    fieldConfig: fieldConfig({ unit: 'short', thresholds: NO_THRESHOLDS, custom: { align: 'auto', cellOptions: { type: 'auto' } } }, [...unitOverrides(names), ...widths, ...status]),
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], countRows: false } },
    transformations: [fields(names), ...(o.nonZero ? nonZeroDescending(o.nonZero) : [])],
  };
}

/**
 * One bar per row of a table frame: `value` of each row, named by its `label` field (the display
 * name set so by an override: a display name the service gives the field, e.g. "throughput
 * (runs/day)", wins over panel defaults and would name every bar the same). Bars
 * keep a bar's height however few there are.
 */
export function bars(title: string, query: TargetQuery, label: string, value: string, o: Described & { unit?: string; thresholds?: Thresholds; size?: { w: number; h: number } }): Sized {
  const unit = o.unit ?? unitOf(value);
  return {
    type: 'bargauge', title, description: o.description, size: o.size ?? { w: 12, h: 8 }, targets: [target('A', query)],
    fieldConfig: fieldConfig({
      unit, min: 0, ...(unit === 'percentunit' ? { max: 1 } : {}), color: { mode: 'thresholds' }, thresholds: o.thresholds ?? NO_THRESHOLDS,
    }, [{ matcher: { id: 'byName', options: value }, properties: [{ id: 'displayName', value: `\${__data.fields.${label}}` }] }]),
    options: {
      reduceOptions: { calcs: [], fields: '', values: true }, orientation: 'horizontal', displayMode: 'basic', showUnfilled: true,
      sizing: 'manual', minVizHeight: 24, maxVizHeight: 32, namePlacement: 'left', valueMode: 'color',
    },
    transformations: [fields([label, value])],
  };
}

/** A pie of one value per row (e.g. count per status), slices named by the `label` field, outcomes in their colours. */
export function pie(title: string, query: TargetQuery, label: string, value: string, o: Described & { slices: readonly string[]; size?: { w: number; h: number } }): Sized {
  return {
    type: 'piechart', title, description: o.description, size: o.size ?? { w: 12, h: 9 }, targets: [target('A', query)],
    fieldConfig: fieldConfig({ unit: unitOf(value), color: { mode: 'palette-classic' } }, outcomeOverrides(o.slices)),
    options: {
      reduceOptions: { calcs: [], fields: '', values: true }, pieType: 'donut', displayLabels: ['percent'],
      legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['value', 'percent'] }, tooltip: { mode: 'single', sort: 'none' },
    },
    transformations: [fields([label, value]), ...nonZeroDescending(value)],
  };
}

/** Places panels left to right in rows of 24 columns, ids in order. */
export function layout(panels: Sized[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map(({ size, ...panel }, i) => {
    if (x + size.w > 24) { x = 0; y += rowHeight; rowHeight = 0; }
    const placed: Panel = { id: i + 1, ...panel, datasource: FLOWMETER, gridPos: { x, y, ...size } };
    x += size.w;
    rowHeight = Math.max(rowHeight, size.h);
    return placed;
  });
}

/**
 * The plugin's variable query: `{ lookup, filters }`, answered by GET /api/v1/lookup/{lookup}
 * with each filter as a query parameter (values may hold other variables: "$project").
 */
export type LookupQuery = {
  lookup: Lookup;
  filters: Record<string, string>;
};

export interface Variable {
  type: 'query' | 'textbox' | 'custom';
  name: string;
  label: string;
  query: LookupQuery | string;
  datasource?: typeof FLOWMETER;
  current: { text: string | string[]; value: string | string[] };
  multi?: boolean;
  includeAll?: boolean;
  /** Value of "All": '' (the plugin sends an empty list, which the service reads as "all"). */
  allValue?: string;
  /** 2: on time range change (the lookups follow the range), 1: on dashboard load. */
  refresh?: 1 | 2;
  sort?: number;
  options: [];
  hide: 0;
}

/**
 * A variable whose values come from a plugin lookup. `multi`: several values, "All" first;
 * `all`: one value or "All" (selected at first); otherwise one value, `initial` at first.
 */
export function lookupVariable(name: string, label: string, lookup: Lookup, o: { filters?: Record<string, string>; multi?: boolean; all?: boolean; initial?: string } = {}): Variable {
  const multi = o.multi === true;
  const all = multi || o.all === true;
  return {
    type: 'query', name, label, datasource: FLOWMETER, query: { lookup, filters: o.filters ?? {} },
    current: all ? (multi ? { text: ['All'], value: ['$__all'] } : { text: 'All', value: '$__all' }) : { text: o.initial ?? '', value: o.initial ?? '' },
    multi, includeAll: all, ...(all ? { allValue: '' } : {}), refresh: 2, sort: 1, options: [], hide: 0,
  };
}

/** Free text with a default (for ids no lookup lists, e.g. an API gateway's project id). */
export const textVariable = (name: string, label: string, initial: string): Variable => ({
  type: 'textbox', name, label, query: initial, current: { text: initial, value: initial }, options: [], hide: 0,
});

/** Fixed values; `all` adds "All" (value '': the query's option left empty = no filter). */
export const customVariable = (name: string, label: string, values: string[], o: { all?: boolean } = {}): Variable => ({
  type: 'custom', name, label, query: values.join(','),
  current: o.all ? { text: 'All', value: '$__all' } : { text: values[0], value: values[0] },
  ...(o.all ? { includeAll: true, allValue: '' } : {}),
  multi: false, options: [], hide: 0,
});

export interface Annotation {
  name: string;
  enable: boolean;
  hide: boolean;
  iconColor: string;
  datasource: typeof FLOWMETER | { type: 'grafana'; uid: '-- Grafana --' };
  target?: Target;
  builtIn?: 1;
  type?: 'dashboard';
}

const BUILT_IN: Annotation = { builtIn: 1, name: 'Annotations & Alerts', enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', datasource: { type: 'grafana', uid: '-- Grafana --' }, type: 'dashboard' };

/** Rollbacks as annotations (one per rollback: time, title, text, tags). */
export const rollbackAnnotation = (filters: { env?: string; project?: string; service?: string } = {}): Annotation => ({
  name: 'Rollbacks', enable: true, hide: false, iconColor: 'red', datasource: FLOWMETER, target: target('Rollbacks', { kind: 'rollback', ...filters }),
});

/** Daily deploy counts as annotations (one a day): off by default, a toggle on the dashboard. */
export const deployAnnotation = (projects: string[]): Annotation => ({
  name: 'Deploys (daily)', enable: false, hide: false, iconColor: 'blue', datasource: FLOWMETER, target: target('Deploys', { kind: 'deploy', projects }),
});

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: 'browser';
  editable: boolean;
  graphTooltip: 1;
  schemaVersion: number;
  version: 1;
  time: { from: string; to: string };
  refresh: string;
  templating: { list: Variable[] };
  annotations: { list: Annotation[] };
  panels: Panel[];
  links: DashboardLink[];
}

export function dashboard(d: { uid: string; title: string; description: string; from?: string; to?: string; variables: Variable[]; annotations?: Annotation[]; panels: Sized[] }): Dashboard {
  return {
    uid: d.uid, title: d.title, description: d.description, tags: ['flowmeter'], timezone: 'browser', editable: false, graphTooltip: 1,
    schemaVersion: 41, version: 1, time: { from: d.from ?? 'now-30d', to: d.to ?? 'now' }, refresh: '',
    templating: { list: d.variables }, annotations: { list: [BUILT_IN, ...(d.annotations ?? [])] },
    panels: layout(d.panels),
    links: [{ type: 'dashboards', tags: ['flowmeter'], asDropdown: true, title: 'Flowmeter', includeVars: true, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '' }],
  };
}
