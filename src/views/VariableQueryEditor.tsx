/** A template variable's query: which lookup, and the filters it takes ($variables allowed). */
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, Stack } from '@grafana/ui';
import type { DataSource } from '../data/DataSource';
import { TextOption } from '../components/TextOption';
import type { FlowmeterOptions } from '../types/config';
import { LookupFilters, Lookups, type FlowmeterQuery, type Lookup } from '../types/query';
import { DEFAULT_VARIABLE_QUERY, filtersFor, type VariableQuery } from '../types/variable';

type Props = QueryEditorProps<DataSource, FlowmeterQuery, FlowmeterOptions, VariableQuery>;

const lookupOptions = Lookups.map((lookup) => ({ value: lookup, label: lookup.replace('_', ' ') }));

export function VariableQueryEditor({ query: saved, onChange }: Props) {
  const query = { ...DEFAULT_VARIABLE_QUERY, ...saved };
  const filters = query.filters ?? {};
  const setLookup = (lookup: Lookup) => onChange({ ...query, lookup, filters: filtersFor(lookup, filters) });
  const setFilter = (name: string, value: string | undefined) => onChange({ ...query, filters: filtersFor(query.lookup, { ...filters, [name]: value ?? '' }) });
  return (
    <Stack direction="column" gap={0}>
      <InlineField label="Values of" labelWidth={20} htmlFor="flowmeter-lookup">
        <Combobox<Lookup> id="flowmeter-lookup" width={32} options={lookupOptions} value={query.lookup} onChange={(option) => setLookup(option.value)} />
      </InlineField>
      {LookupFilters[query.lookup].map((name) => (
        <InlineField key={name} label={`Filter: ${name}`} labelWidth={20} htmlFor={`flowmeter-filter-${name}`} tooltip="Empty: no filter; $variables allowed">
          <TextOption id={`flowmeter-filter-${name}`} value={filters[name]} placeholder="any" onChange={(value) => setFilter(name, value)} />
        </InlineField>
      ))}
    </Stack>
  );
}
