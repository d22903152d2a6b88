import type { ComboboxOption } from '@grafana/ui';
import type { DataSource } from '../data/DataSource';
import type { Lookup } from '../types/query';

/**
 * Options for a lookup-backed input: the dashboard's variables first, then the service's values,
 * narrowed by what the user typed. A failed lookup leaves just the variables (typing still works).
 */
export function lookupOptions(datasource: DataSource, lookup: Lookup, filters: Record<string, string | undefined> = {}) {
  return async (typed: string): Promise<Array<ComboboxOption<string>>> => {
    const values = await datasource.lookup(lookup, filters).catch(() => [] as string[]);
    const needle = typed.toLowerCase();
    return [...datasource.variableNames(), ...values]
      .filter((value) => value.toLowerCase().includes(needle))
      .map((value) => ({ label: value, value }));
  };
}
