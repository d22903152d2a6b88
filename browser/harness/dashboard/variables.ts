/**
 * A dashboard's template variables resolved as Grafana does on load, in order: a text box or
 * custom variable keeps its saved value; a query variable asks the plugin's variable support
 * (its lookup, filters interpolated with the variables before it) and keeps the saved value if
 * offered, else the first one; "All" takes the variable's allValue.
 */
import { from as observe, lastValueFrom } from 'rxjs';
import type { CustomVariableSupport, DataFrame, DataQuery, DataQueryResponse, DataSourceApi, ScopedVars } from '@grafana/data';
import type { Variable } from '../../../stack/grafana';
import { queryRequest, type TimeRangeMs } from '../dataSource';

export type VariableValues = Record<string, string | string[]>;

const ALL = '$__all';
const first = (value: string | string[]) => (Array.isArray(value) ? value[0] : value);

/** Fills `values` (the harness's template service reads it) one variable at a time. */
export async function resolveVariables(variables: Variable[], datasource: DataSourceApi<DataQuery>, range: TimeRangeMs, values: VariableValues): Promise<void> {
  for (const variable of variables) {
    const saved = first(variable.current.value);
    const all = variable.includeAll === true && saved === ALL;
    if (variable.type === 'query') {
      const options = await lookupOptions(variable, datasource, range);
      if (!options.length) throw new Error(`variable ${variable.name}: the lookup offers no value`);
      values[variable.name] = all ? variable.allValue ?? options : options.includes(saved) ? saved : options[0];
    } else {
      values[variable.name] = all ? variable.allValue ?? '' : saved;
    }
  }
}

async function lookupOptions(variable: Variable, datasource: DataSourceApi<DataQuery>, range: TimeRangeMs): Promise<string[]> {
  const support = datasource.variables as CustomVariableSupport<DataSourceApi<DataQuery>> | undefined;
  if (!support?.query) throw new Error('the data source has no variable support');
  const request = queryRequest([{ refId: variable.name, ...(variable.query as object) }], range, `variable-${variable.name}`);
  const response: DataQueryResponse = await lastValueFrom(observe(support.query(request)));
  const frame = response.data[0] as DataFrame | undefined;
  const field = frame?.fields.find((f) => f.name === 'value') ?? frame?.fields[0];
  return (field?.values ?? []).map(String);
}

/**
 * `${__data.fields.<name>}`: the value of field <name> in the row being displayed, as Grafana's
 * template service reads it from the `__dataContext` scoped variable (bar gauges name each bar so).
 */
export function replaceDataContext(text: string, scopedVars?: ScopedVars): string {
  const context = scopedVars?.__dataContext?.value as { frame?: DataFrame; rowIndex?: number } | undefined;
  if (!context?.frame || context.rowIndex === undefined) return text;
  const { frame, rowIndex } = context;
  return text.replace(/\$\{__data\.fields\.(\w+)\}/g, (match, name: string) => {
    const field = frame.fields.find((f) => f.name === name);
    return field ? String(field.values[rowIndex]) : match;
  });
}
