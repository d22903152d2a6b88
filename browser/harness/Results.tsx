/** Frames as Grafana shows them in a table panel: field display processors applied, one Table each. */
import { applyFieldOverrides, createTheme, type DataFrame } from '@grafana/data';
import { Table } from '@grafana/ui';

const theme = createTheme();

export function Results({ frames }: { frames: DataFrame[] }) {
  const shown = applyFieldOverrides({ data: frames, fieldConfig: { defaults: {}, overrides: [] }, replaceVariables: (v) => v, theme, timeZone: 'utc' });
  return (
    <div data-testid="results">
      {shown.map((frame, i) => (
        <section key={`${frame.refId}-${frame.name}-${i}`} data-testid={`frame-${frame.name}`}>
          <h4>{frame.name} ({frame.length} rows)</h4>
          <Table data={frame} width={1100} height={Math.min(320, 40 + 36 * Math.max(frame.length, 1))} />
        </section>
      ))}
    </div>
  );
}
