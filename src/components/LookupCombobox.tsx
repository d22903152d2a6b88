/** A single name chosen from a lookup endpoint, or typed (new names and `$variables` are allowed). */
import { useMemo } from 'react';
import { Combobox } from '@grafana/ui';
import type { DataSource } from '../data/DataSource';
import type { Lookup } from '../types/query';
import { lookupOptions } from './lookupOptions';
import { useLookupRange } from './LookupRange';

interface Props {
  datasource: DataSource;
  lookup: Lookup;
  filters?: Record<string, string | undefined>;
  value?: string;
  onChange(value: string | undefined): void;
  placeholder?: string;
  invalid?: boolean;
  id?: string;
  width?: number;
}

export function LookupCombobox({ datasource, lookup, filters, value, onChange, placeholder, invalid, id, width = 32 }: Props) {
  const filterKey = JSON.stringify(filters ?? {});
  const { range, key: rangeKey } = useLookupRange();
  // New options whenever the parent filters or the range change (e.g. the workflows of another project slug).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const options = useMemo(() => lookupOptions(datasource, lookup, filters, range), [datasource, lookup, filterKey, rangeKey]);
  return (
    <Combobox<string>
      id={id}
      width={width}
      options={options}
      value={value || null}
      isClearable
      createCustomValue
      placeholder={placeholder ?? 'any'}
      invalid={invalid}
      onChange={(option) => onChange(option?.value || undefined)}
    />
  );
}
