/** Building Grafana data frames in their JSON wire form (contract/frames.ts) from named columns. */
import type { DataFrameJSON, FieldType } from '../../../../contract/frames';

export type { DataFrameJSON, FieldType };

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Grafana unit id: 's', 'ms', 'bytes', 'percentunit', 'short'... */
  readonly unit?: string;
  readonly displayName?: string;
  /** Series labels (Grafana's alerting names an alert instance by them). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly values: readonly unknown[];
}

export function frame(refId: string, name: string, fields: readonly FieldSpec[], executedQueryString?: string): DataFrameJSON {
  const length = fields[0]?.values.length ?? 0;
  if (fields.some((f) => f.values.length !== length)) throw new Error(`frame ${name}: fields differ in length`);
  return {
    schema: {
      name,
      refId,
      ...(executedQueryString ? { meta: { executedQueryString } } : {}),
      fields: fields.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.labels ? { labels: { ...f.labels } } : {}),
        config: { ...(f.unit ? { unit: f.unit } : {}), ...(f.displayName ? { displayName: f.displayName } : {}) },
      })),
    },
    data: { values: fields.map((f) => [...f.values]) },
  };
}
