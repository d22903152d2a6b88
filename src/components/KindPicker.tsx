/** Chooses the query kind, with each kind's description. */
import { Combobox } from '@grafana/ui';
import { QueryKindLabels, QueryKinds, type QueryKind } from '../types/query';

interface Props {
  value: QueryKind;
  onChange(kind: QueryKind): void;
  /** The kinds offered (annotations offer fewer); all by default. */
  kinds?: readonly QueryKind[];
}

export function KindPicker({ value, onChange, kinds = QueryKinds }: Props) {
  const options = kinds.map((kind) => ({ value: kind, ...QueryKindLabels[kind] }));
  return <Combobox<QueryKind> id="flowmeter-kind" width={32} options={options} value={value} onChange={(option) => onChange(option.value)} />;
}
