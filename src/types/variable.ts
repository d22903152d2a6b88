import type { DataQuery } from '@grafana/schema';
import { LookupFilters, type Lookup } from './query';

/** A template variable's query: the values of one lookup, narrowed by filters ($variables allowed). */
export interface VariableQuery extends DataQuery {
  lookup: Lookup;
  /** Filter name (see LookupFilters) to value; empty or absent = no filter. */
  filters?: Record<string, string>;
}

export const DEFAULT_VARIABLE_QUERY: Omit<VariableQuery, 'refId'> = { lookup: 'projects', filters: {} };

/** Keeps only the filters the lookup takes (switching lookups drops the others). */
export function filtersFor(lookup: Lookup, filters: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(LookupFilters[lookup].filter((name) => filters[name]).map((name) => [name, filters[name]]));
}
