/**
 * Panel types drawn with @grafana/ui's own visualisations, as Grafana's core panels use them:
 * time series with TimeSeries (uPlot), stat with BigValue, bar gauge with BarGauge (both through
 * VizRepeater over getFieldDisplayValues), table with Table. @grafana/ui has no pie chart (it is
 * Grafana's core piechart panel), so a pie chart is drawn as a bar gauge of the same values.
 * Frames arrive with their field config applied (applyFieldOverrides), options with the panel
 * type's defaults (panelDefaults.ts).
 */
import type { ReactElement } from 'react';
import {
  getDisplayValueAlignmentFactors, getFieldDisplayValues, VizOrientation,
  type DataFrame, type FieldConfigSource, type FieldDisplay, type GrafanaTheme2, type ReduceDataOptions, type TimeRange,
} from '@grafana/data';
import {
  BarGauge, BarGaugeDisplayMode, BigValue, Table, TimeSeries, VizRepeater,
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
  replaceVariables: (text: string) => string;
}

/** Which visualisation draws a panel type (the browser test looks for its elements; each stat or bar is a "viz-value"). */
export const VIZ_OF_PANEL_TYPE: Record<string, 'timeseries' | 'stat' | 'bargauge' | 'table'> = {
  timeseries: 'timeseries', stat: 'stat', bargauge: 'bargauge', piechart: 'bargauge', table: 'table',
};

/** Panel types drawn by another visualisation, and what the panel says about it. */
export const SUBSTITUTE_NOTES: Record<string, string> = { piechart: 'pie chart drawn as bars: @grafana/ui has no pie chart' };

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

function TableViz({ frames, width, height }: VizProps) {
  return <Table data={frames[0]} width={width} height={height} />;
}

const VIZ: Record<string, (props: VizProps) => ReactElement> = { timeseries: TimeSeriesViz, stat: StatViz, bargauge: BarGaugeViz, table: TableViz };

export function Visualisation({ type, ...props }: VizProps & { type: string }) {
  const Viz = VIZ[VIZ_OF_PANEL_TYPE[type] ?? 'table'];
  return <Viz {...props} />;
}
