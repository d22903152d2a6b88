/**
 * A data frame (the service's DataFrameJSON) as Arrow IPC bytes, exactly as grafana-plugin-sdk-go's
 * data/arrow.go encodes a frame: the IPC *file* format (Grafana reads frames with a file reader),
 * schema metadata `name`, `refId` and `meta` (JSON), field metadata `tstype`, `labels` and `config`
 * (JSON), strings as plain utf8 (never dictionaries), times as nanosecond timestamps (never Date
 * columns), JSON values ("other") as binary. A field is nullable only when it holds a null, as
 * the SDK's non-nullable vectors are the default.
 */
import {
  Binary, Bool, Field, Float64, RecordBatch, Schema, Struct, Table, TimestampNanosecond, Utf8,
  makeData, tableToIPC, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';
import type { DataFrameJSON, FieldType } from '../../contract/frames';

export type { DataFrameJSON };

/** The SDK writes `typeVersion` in every frame's meta (a Go struct field without omitempty). */
const DEFAULT_META = { typeVersion: [0, 0] };

const arrowTypes: Record<FieldType, () => DataType> = {
  time: () => new TimestampNanosecond(),
  number: () => new Float64(),
  string: () => new Utf8(),
  boolean: () => new Bool(),
  other: () => new Binary(),
};

/** Values as the Arrow builder of each type takes them (times: see timeColumn). */
const toArrowValue: Record<FieldType, (v: unknown) => unknown> = {
  time: (v) => (typeof v === 'number' ? Math.round(v) : typeof v === 'string' ? Date.parse(v) : null),
  number: (v) => (typeof v === 'number' ? v : null),
  string: (v) => (v === null || v === undefined ? null : String(v)),
  boolean: (v) => (typeof v === 'boolean' ? v : null),
  other: (v) => (v === null || v === undefined ? null : Buffer.from(JSON.stringify(v))),
};

export function frameToArrow(frame: DataFrameJSON): Uint8Array {
  const columns = frame.schema.fields.map((spec, i) => {
    const values = (frame.data.values[i] ?? []).map(toArrowValue[spec.type]);
    const type = arrowTypes[spec.type]();
    const metadata = new Map<string, string>([['tstype', spec.type]]);
    if (spec.config && Object.keys(spec.config).length) metadata.set('config', JSON.stringify(spec.config));
    if (spec.labels) metadata.set('labels', JSON.stringify(spec.labels));
    const field = new Field(spec.name, type, values.includes(null), metadata);
    return { field, data: spec.type === 'time' ? timeColumn(values as Array<number | null>) : vectorFromArray(values, type).data[0] };
  });
  const length = columns[0]?.data.length ?? 0;
  const metadata = new Map([['name', frame.schema.name ?? ''], ['refId', frame.schema.refId]]);
  if (frame.schema.meta) metadata.set('meta', JSON.stringify({ ...DEFAULT_META, ...frame.schema.meta }));
  const schema = new Schema(columns.map((c) => c.field), metadata);
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: columns.map((c) => c.data) });
  return tableToIPC(new Table(schema, [new RecordBatch(schema, struct)]), 'file');
}

/**
 * Nanoseconds since the epoch, computed in BigInt: the Arrow builder multiplies milliseconds by
 * 1e6 in floating point, which loses the last digits of today's times (2^53 ns is 104 days).
 */
function timeColumn(values: Array<number | null>): Data {
  const ns = new BigInt64Array(values.length);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((ms, i) => {
    if (ms === null || Number.isNaN(ms)) { nullCount++; return; }
    ns[i] = BigInt(ms) * 1_000_000n;
    valid[i >> 3] |= 1 << (i & 7);
  });
  return makeData({ type: new TimestampNanosecond(), length: values.length, nullCount, data: ns, nullBitmap: nullCount ? valid : undefined });
}
