/** Several names from a lookup endpoint; none chosen means all of them. */
import { useMemo } from 'react';
import { MultiCombobox } from '@grafana/ui';
import type { DataSource } from '../data/DataSource';
import type { Lookup } from '../types/query';
import { lookupOptions } from './lookupOptions';
import { useLookupRange } from './LookupRange';

interface Props {
  datasource: DataSource;
  lookup: Lookup;
  value: string[];
  onChange(values: string[]): void;
  placeholder?: string;
  id?: string;
  width?: number;
}

export function LookupMultiCombobox({ datasource, lookup, value, onChange, placeholder, id, width = 48 }: Props) {
  const { range, key: rangeKey } = useLookupRange();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const options = useMemo(() => lookupOptions(datasource, lookup, {}, range), [datasource, lookup, rangeKey]);
  return (
    <MultiCombobox<string>
      id={id}
      width={width}
      options={options}
      value={value}
      isClearable
      createCustomValue
      placeholder={placeholder ?? 'all'}
      onChange={(selected) => onChange(selected.map((option) => option.value))}
    />
  );
}
