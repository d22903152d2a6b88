/**
 * What a user sees above a dashboard in Grafana: the variables bar (one labelled picker per
 * variable, showing its current value) on the left, the time range picker and refresh on the
 * right, all @grafana/ui's own components. Read-only here: the harness renders one state.
 */
import { dateTime, type TimeRange } from '@grafana/data';
import { InlineField, Input, MultiSelect, RefreshPicker, Select, TimeRangePicker } from '@grafana/ui';
import type { Variable } from '../../../stack/grafana';
import type { TimeRangeMs } from '../dataSource';
import type { VariableValues } from './variables';

const noop = () => {};

function VariablePicker({ variable, value }: { variable: Variable; value: string | string[] | undefined }) {
  const values = Array.isArray(value) ? value : [value ?? ''];
  const shown = values.map((v) => (v === '' && variable.includeAll ? 'All' : v));
  const options = shown.map((v) => ({ label: v, value: v }));
  const id = `var-${variable.name}`;
  return (
    <InlineField label={variable.label} htmlFor={id}>
      {variable.type === 'textbox'
        ? <Input id={id} width={16} value={shown[0]} onChange={noop} />
        : variable.multi
          ? <MultiSelect inputId={id} width="auto" options={options} value={shown} onChange={noop} />
          : <Select inputId={id} width="auto" options={options} value={shown[0]} onChange={noop} />}
    </InlineField>
  );
}

export function DashboardControls({ variables, values, time, range }: { variables: Variable[]; values: VariableValues; time: { from: string; to: string }; range: TimeRangeMs }) {
  const value: TimeRange = { from: dateTime(range.from), to: dateTime(range.to), raw: { from: time.from, to: time.to } };
  return (
    <div data-testid="dashboard-controls" style={{ display: 'flex', alignItems: 'flex-start', gap: 8, margin: '0 0 12px' }}>
      <div data-testid="variables" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, flexGrow: 1 }}>
        {variables.map((v) => <VariablePicker key={v.name} variable={v} value={values[v.name]} />)}
      </div>
      <TimeRangePicker value={value} timeZone="utc" onChange={noop} onChangeTimeZone={noop} onMoveBackward={noop} onMoveForward={noop} onZoom={noop} />
      <RefreshPicker onRefresh={noop} onIntervalChanged={noop} value="" />
    </div>
  );
}
