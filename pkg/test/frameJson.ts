/**
 * An Arrow frame as Grafana's HTTP API sends it: the SDK's data-frame JSON, written as
 * grafana-plugin-sdk-go's `data.ArrowBufferToJSON` writes it (`data/frame_json.go`:
 * writeArrowSchema, writeArrowData). Grafana's `/api/ds/query` decodes each frame a plugin
 * answers from Arrow and writes it as this JSON; the browser reads it with `dataFrameFromJSON`.
 * Checked against the SDK's own golden pair (fixtures/all_types.golden.{arrow,json}).
 */
import { DataType, tableFromIPC, type Field, type Vector } from 'apache-arrow';

interface FieldJSON { name?: string; type?: string; typeInfo?: { frame: string; nullable?: boolean }; labels?: unknown; config?: unknown }
interface Entities { NaN?: number[]; Inf?: number[]; NegInf?: number[] }
export interface FrameJSON {
  schema: { name?: string; refId?: string; meta?: unknown; fields: FieldJSON[] };
  data: { values: unknown[][]; entities?: Array<Entities | null>; nanos?: Array<number[] | null> };
}

/** getFieldTypeForArrow + ItemTypeString: the Go type a column holds, as the JSON names it. */
function frameType(type: DataType, tsType: string | undefined): string | undefined {
  if (DataType.isTimestamp(type)) return 'time.Time';
  if (DataType.isInt(type)) {
    if (!type.isSigned && type.bitWidth === 16 && tsType === 'enum') return 'enum';
    return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
  }
  if (DataType.isFloat(type)) return type.precision === 1 ? 'float32' : type.precision === 2 ? 'float64' : undefined;
  if (DataType.isUtf8(type)) return 'string';
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isBinary(type)) return 'json.RawMessage';
  return undefined;
}

/** getTypeScriptTypeString: the field type the frontend sees, when the column's metadata names none. */
function typeScriptType(frame: string): string {
  if (frame === 'time.Time') return 'time';
  if (frame === 'bool') return 'boolean';
  if (frame === 'string' || frame === 'enum') return frame;
  if (frame === 'json.RawMessage') return 'other';
  return 'number';
}

/** Go's shortest float32 text: the fewest digits that read back as the same float32. */
function float32Value(v: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

function schemaOf(field: Field): FieldJSON {
  const tsType = field.metadata.get('tstype');
  const frame = frameType(field.type, tsType);
  const json: FieldJSON = {};
  if (field.name) json.name = field.name;
  if (frame) {
    json.type = tsType ?? typeScriptType(frame);
    json.typeInfo = { frame, ...(field.nullable ? { nullable: true } : {}) };
  }
  for (const key of ['labels', 'config'] as const) {
    const raw = field.metadata.get(key);
    if (raw !== undefined) json[key] = JSON.parse(raw);
  }
  return json;
}

/** One column's values; times and special floats also fill `nanos` / `entities`. */
function valuesOf(field: Field, column: Vector): { values: unknown[]; entities?: Entities; nanos?: number[] } {
  const values: unknown[] = [];
  if (DataType.isTimestamp(field.type)) {
    const nanos: number[] = [];
    let hasNanos = false;
    for (let i = 0; i < column.length; i++) {
      if (!column.isValid(i)) { values.push(null); nanos.push(0); continue; }
      // The raw int64 (the SDK assumes nanoseconds); Go's integer division truncates toward zero.
      const ns = BigInt(column.data[0].values[i] as bigint);
      const ms = ns / 1_000_000n;
      values.push(Number(ms));
      const offset = Number(ns - ms * 1_000_000n);
      nanos.push(offset);
      if (offset !== 0) hasNanos = true;
    }
    return { values, ...(hasNanos ? { nanos } : {}) };
  }
  const entities: Entities = {};
  let hasEntities = false;
  for (let i = 0; i < column.length; i++) {
    const value: unknown = column.get(i);
    if (value === null || value === undefined || !column.isValid(i)) { values.push(null); continue; }
    if (DataType.isBinary(field.type)) values.push(JSON.parse(Buffer.from(value as Uint8Array).toString('utf8')));
    else if (typeof value === 'bigint') values.push(Number(value));
    else if (DataType.isFloat(field.type)) {
      const v = value as number;
      const entity = Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Inf' : v === -Infinity ? 'NegInf' : undefined;
      if (entity) {
        (entities[entity] ??= []).push(i);
        hasEntities = true;
        values.push(null);
      } else values.push((field.type as { precision: number }).precision === 1 ? float32Value(v) : v);
    } else values.push(value);
  }
  return { values, ...(hasEntities ? { entities } : {}) };
}

/** ArrowBufferToJSON(bytes, IncludeAll): the first record batch of an Arrow IPC file. */
export function arrowToFrameJSON(bytes: Uint8Array): FrameJSON {
  const table = tableFromIPC(bytes);
  const metadata = table.schema.metadata;
  const schema: FrameJSON['schema'] = { fields: table.schema.fields.map(schemaOf) };
  if (metadata.get('name')) schema.name = metadata.get('name');
  if (metadata.get('refId')) schema.refId = metadata.get('refId');
  if (metadata.has('meta')) schema.meta = JSON.parse(metadata.get('meta')!);

  const batch = table.batches[0];
  const columns = table.schema.fields.map((field, i) => valuesOf(field, batch ? batch.getChildAt(i)! : table.getChildAt(i)!));
  const data: FrameJSON['data'] = { values: columns.map((c) => c.values) };
  if (columns.some((c) => c.entities)) data.entities = columns.map((c) => c.entities ?? null);
  if (columns.some((c) => c.nanos)) data.nanos = columns.map((c) => c.nanos ?? null);
  return { schema, data };
}
