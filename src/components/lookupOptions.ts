import type { TimeRange } from '@grafana/data';
import type { ComboboxOption } from '@grafana/ui';
import type { DataSource } from '../data/DataSource';
import type { Lookup } from '../types/query';

/**
 * Options for a lookup-backed input: the dashboard's variables first, then the service's values,
 * narrowed by what the user typed, of events in the editor's time range (when it has one). The service is asked once per input and filters (not on every
 * key); a failed lookup leaves just the variables (typing still works) and is asked again next time.
 */
export function lookupOptions(datasource: DataSource, lookup: Lookup, filters: Record<string, string | undefined> = {}, range?: TimeRange) {
  let values: Promise<string[]> | undefined;
  return async (typed: string): Promise<Array<ComboboxOption<string>>> => {
    values ??= datasource.lookup(lookup, filters, undefined, range);
    const known = await values.catch(() => {
      values = undefined;
      return [] as string[];
    });
    const needle = typed.toLowerCase();
    return [...datasource.variableNames(), ...known]
      .filter((value) => value.toLowerCase().includes(needle))
      .map((value) => ({ label: value, value }));
  };
}
