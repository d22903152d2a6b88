/**
 * Panel types drawn with @grafana/ui's own visualisations, as Grafana's core panels use them:
 * time series with TimeSeries (uPlot), stat with BigValue, bar gauge with BarGauge (both through
 * VizRepeater over getFieldDisplayValues), table with Table. @grafana/ui has no pie chart (it is
 * Grafana's core piechart panel): a pie is drawn here as an SVG donut of the same display values
 * (getFieldDisplayValues: each row's colour from the panel's overrides or the palette) with
 * @grafana/ui's VizLegend as a table of value and percent, as the panel's legend shows them.
 * Frames arrive with their field config applied (applyFieldOverrides), options with the panel
 * type's defaults (panelDefaults.ts).
 */
import type { ReactElement } from 'react';
import {
  getDisplayValueAlignmentFactors, getFieldDisplayValues, VizOrientation,
  type DataFrame, type FieldConfigSource, type FieldDisplay, type GrafanaTheme2, type ReduceDataOptions, type ScopedVars, type TimeRange,
} from '@grafana/data';
import {
  BarGauge, BarGaugeDisplayMode, BigValue, LegendDisplayMode, Table, TimeSeries, VizLegend, VizRepeater,
  type BigValueColorMode, type BigValueGraphMode, type BigValueJustifyMode, type BigValueTextMode, type VizLegendOptions,
} from '@grafana/ui';
import type { BarGaugeNamePlacement, BarGaugeValueMode } from '@grafana/schema';

export interface VizProps {
  frames: DataFrame[];
  fieldConfig: FieldConfigSource;
  options: Record<string, unknown>;
  width: number;
  height: number;
  theme: GrafanaTheme2;
  timeRange: TimeRange;
  replaceVariables: (text: string, scopedVars?: ScopedVars) => string;
}

/** Which visualisation draws a panel type (the browser test looks for its elements; each stat or bar is a "viz-value"). */
export const VIZ_OF_PANEL_TYPE: Record<string, 'timeseries' | 'stat' | 'bargauge' | 'piechart' | 'table'> = {
  timeseries: 'timeseries', stat: 'stat', bargauge: 'bargauge', piechart: 'piechart', table: 'table',
};

const ALL_VALUES: ReduceDataOptions = { values: true, calcs: [] };

function TimeSeriesViz({ frames, options, width, height, timeRange }: VizProps) {
  return <TimeSeries frames={frames} width={width} height={height} timeRange={timeRange} timeZone="utc" legend={options.legend as VizLegendOptions} options={options} />;
}

function displayValues({ frames, fieldConfig, options, theme, replaceVariables }: VizProps): FieldDisplay[] {
  const reduceOptions = (options.reduceOptions as ReduceDataOptions | undefined) ?? ALL_VALUES;
  return getFieldDisplayValues({ data: frames, fieldConfig, reduceOptions, replaceVariables, theme, timeZone: 'utc', sparkline: true });
}

/** As Grafana's stat panel: one BigValue per value, laid out in a grid. */
function StatViz(props: VizProps) {
  const { options, width, height, theme } = props;
  return (
    <VizRepeater<FieldDisplay, ReturnType<typeof getDisplayValueAlignmentFactors>>
      source={props.frames} getValues={() => displayValues(props)} renderCounter={0} width={width} height={height}
      orientation={VizOrientation.Auto} itemSpacing={3} autoGrid minVizWidth={75} minVizHeight={75}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={({ value, width: w, height: h, alignmentFactors, count }) => (
        <div data-testid="viz-value">
          <BigValue
            value={value.display} sparkline={value.sparkline} count={count} width={w} height={h} theme={theme} alignmentFactors={alignmentFactors}
            colorMode={options.colorMode as BigValueColorMode} graphMode={options.graphMode as BigValueGraphMode}
            justifyMode={options.justifyMode as BigValueJustifyMode} textMode={options.textMode as BigValueTextMode}
          />
        </div>
      )}
    />
  );
}

/** As Grafana's bar gauge panel: one bar per value, titles above when there is room. */
function BarGaugeViz(props: VizProps) {
  const { options, width, height, theme } = props;
  const orientation = options.orientation as VizOrientation;
  const displayMode = options.displayMode as BarGaugeDisplayMode;
  const itemSpacing = displayMode === BarGaugeDisplayMode.Lcd ? 2 : 10;
  return (
    <VizRepeater<FieldDisplay, ReturnType<typeof getDisplayValueAlignmentFactors>>
      source={props.frames} getValues={() => displayValues(props)} renderCounter={0} width={width} height={height}
      orientation={orientation} itemSpacing={itemSpacing} minVizWidth={options.minVizWidth as number}
      minVizHeight={options.minVizHeight as number} maxVizHeight={options.maxVizHeight as number}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={({ value, width: w, height: h, orientation: o, alignmentFactors, count }) => (
        <div data-testid="viz-value">
          <BarGauge
            value={value.display} field={value.field} width={w} height={h} theme={theme} orientation={o} displayMode={displayMode}
            showUnfilled={options.showUnfilled as boolean} valueDisplayMode={options.valueMode as BarGaugeValueMode}
            namePlacement={options.namePlacement as BarGaugeNamePlacement} alignmentFactors={count > 1 ? alignmentFactors : undefined}
            itemSpacing={itemSpacing} isOverflow={false}
          />
        </div>
      )}
    />
  );
}

/** The SVG path of a donut slice from angle a0 to a1 (radians, clockwise from 12 o'clock). */
function slicePath(cx: number, cy: number, outer: number, inner: number, a0: number, a1: number): string {
  const point = (r: number, a: number) => `${cx + r * Math.sin(a)} ${cy - r * Math.cos(a)}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M ${point(outer, a0)} A ${outer} ${outer} 0 ${large} 1 ${point(outer, a1)} L ${point(inner, a1)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, a0)} Z`;
}

/** As Grafana's pie chart panel (pieType donut, legend a table on the right with value and percent). */
function PieViz(props: VizProps) {
  const { width, height, theme } = props;
  const values = displayValues(props).filter((v) => (v.display.numeric ?? 0) > 0);
  const total = values.reduce((sum, v) => sum + v.display.numeric, 0);
  const legendWidth = Math.min(320, width / 2);
  const size = Math.min(width - legendWidth, height);
  const outer = size / 2 - 4;
  const ends = values.map((_, i) => (values.slice(0, i + 1).reduce((sum, v) => sum + v.display.numeric, 0) / total) * 2 * Math.PI);
  const slices = values.map((v, i) => {
    const a0 = i === 0 ? 0 : ends[i - 1];
    // A lone slice is a full ring: stop just short of 2π so the arc is drawn.
    return { v, path: slicePath(size / 2, size / 2, outer, outer * 0.6, a0, Math.min(ends[i], a0 + 2 * Math.PI - 1e-4)) };
  });
  const items = values.map((v, i) => ({
    label: v.display.title ?? '', color: v.display.color, yAxis: 1, disabled: false,
    getDisplayValues: () => [
      { numeric: v.display.numeric, text: `${v.display.text}${v.display.suffix ?? ''}`, title: 'Value' },
      { numeric: v.display.numeric / total, text: `${Math.round((v.display.numeric / total) * 100)}%`, title: 'Percent' },
    ],
    key: String(i),
  }));
  return (
    <div style={{ display: 'flex', width, height, alignItems: 'center' }}>
      <svg width={size} height={size} role="img" aria-label="pie chart">
        {slices.map(({ v, path }, i) => (
          <path key={i} d={path} fill={v.display.color} stroke={theme.colors.background.primary} strokeWidth={1} data-testid="viz-value" data-label={v.display.title} data-color={v.display.color} />
        ))}
      </svg>
      <div style={{ width: legendWidth, marginLeft: 16 }}>
        <VizLegend items={items} displayMode={LegendDisplayMode.Table} placement="right" />
      </div>
    </div>
  );
}

function TableViz({ frames, width, height }: VizProps) {
  return <Table data={frames[0]} width={width} height={height} />;
}

const VIZ: Record<string, (props: VizProps) => ReactElement> = { timeseries: TimeSeriesViz, stat: StatViz, bargauge: BarGaugeViz, piechart: PieViz, table: TableViz };

export function Visualisation({ type, ...props }: VizProps & { type: string }) {
  const Viz = VIZ[VIZ_OF_PANEL_TYPE[type] ?? 'table'];
  return <Viz {...props} />;
}
