/**
 * What Grafana's panel plugins add to a panel before it reaches the visualisation, with the
 * panel's own (saved) values on top: their default options, the standard colour and threshold
 * defaults, and the time series panel's `custom` graph options; and the option registry
 * applyFieldOverrides applies field config by (Grafana's app fills one at start; outside it the
 * standard registry is empty).
 */
import { FieldColorModeId, FieldConfigOptionsRegistry, ThresholdsMode, type FieldConfigPropertyItem, type FieldConfigSource } from '@grafana/data';
import {
  AxisPlacement, BarAlignment, DrawStyle, GraphGradientMode, LineInterpolation, PointVisibility, ScaleDistribution, StackingMode,
  type GraphFieldConfig,
} from '@grafana/ui';

const THRESHOLDS = { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }, { value: 80, color: 'red' }] };

/** The time series panel's defaults for `fieldConfig.defaults.custom` (Grafana 12). */
const GRAPH: GraphFieldConfig = {
  drawStyle: DrawStyle.Line, lineInterpolation: LineInterpolation.Linear, lineWidth: 1, fillOpacity: 0, gradientMode: GraphGradientMode.None,
  showPoints: PointVisibility.Auto, pointSize: 5, axisPlacement: AxisPlacement.Auto, barAlignment: BarAlignment.Center, barWidthFactor: 0.6,
  spanNulls: false, stacking: { mode: StackingMode.None, group: 'A' }, scaleDistribution: { type: ScaleDistribution.Linear },
  hideFrom: { legend: false, tooltip: false, viz: false },
};

const byType: Record<string, FieldConfigSource['defaults']> = {
  timeseries: { color: { mode: FieldColorModeId.PaletteClassic }, thresholds: THRESHOLDS, custom: GRAPH },
  piechart: { color: { mode: FieldColorModeId.PaletteClassic }, thresholds: THRESHOLDS },
  stat: { color: { mode: FieldColorModeId.Thresholds }, thresholds: THRESHOLDS },
  bargauge: { color: { mode: FieldColorModeId.Thresholds }, thresholds: THRESHOLDS },
};

/** The panel plugins' defaultOptions (@grafana/schema's panelcfg, Grafana 12.4). */
const BAR_GAUGE_OPTIONS = { displayMode: 'gradient', orientation: 'auto', maxVizHeight: 300, minVizHeight: 16, minVizWidth: 8, namePlacement: 'auto', showUnfilled: true, sizing: 'auto', valueMode: 'color' };
const optionsByType: Record<string, Record<string, unknown>> = {
  bargauge: BAR_GAUGE_OPTIONS,
  piechart: { pieType: 'pie', legend: { showLegend: true, displayMode: 'list', placement: 'right', values: [] }, reduceOptions: { values: false, calcs: ['lastNotNull'] } },
  stat: { colorMode: 'value', graphMode: 'area', justifyMode: 'auto', textMode: 'auto', wideLayout: true, showPercentChange: false },
  timeseries: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] }, tooltip: { mode: 'single', sort: 'none' } },
};

export function withOptionDefaults(type: string, saved: Record<string, unknown>): Record<string, unknown> {
  return { ...optionsByType[type], ...saved };
}

export function withFieldConfigDefaults(type: string, saved: { defaults: Record<string, unknown>; overrides: unknown[] }): FieldConfigSource {
  const base = byType[type] ?? {};
  const defaults = { ...base, ...saved.defaults } as FieldConfigSource['defaults'];
  if (base.custom || saved.defaults.custom) defaults.custom = { ...base.custom, ...(saved.defaults.custom as object) };
  return { defaults, overrides: saved.overrides as FieldConfigSource['overrides'] };
}

/**
 * One registry item per option the field config sets, in its defaults or its overrides' properties
 * (e.g. custom.width): its value taken as it is (overrides apply only to the fields they match).
 */
export function fieldConfigRegistry(fieldConfig: FieldConfigSource): FieldConfigOptionsRegistry {
  const item = (path: string, isCustom: boolean) => ({
    id: isCustom ? `custom.${path}` : path, path, name: path, isCustom, process: (value: unknown) => value, shouldApply: () => true,
    editor: () => null, override: () => null,
  }) as unknown as FieldConfigPropertyItem;
  const { custom, ...standard } = fieldConfig.defaults;
  const overridden = fieldConfig.overrides.flatMap((o) => o.properties.map((p) => p.id));
  const standardPaths = new Set([...Object.keys(standard), ...overridden.filter((id) => !id.startsWith('custom.'))]);
  const customPaths = new Set([...Object.keys(custom ?? {}), ...overridden.filter((id) => id.startsWith('custom.')).map((id) => id.slice('custom.'.length))]);
  return new FieldConfigOptionsRegistry(() => [
    ...[...standardPaths].map((path) => item(path, false)),
    ...[...customPaths].map((path) => item(path, true)),
  ]);
}
