/** Appends points to a staging table with DuckDB's Appender (far faster than INSERT ... VALUES). */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Point } from '../points';
import { Measurements, type FieldType, type Measurement } from '../schema';

let sequence = 0;

export async function appendPoints(db: DuckDBConnection, table: string, measurement: Measurement, points: readonly Point[]): Promise<void> {
  const schema = Measurements[measurement];
  const fields = Object.entries(schema.fields);
  const appender = await db.createAppender(table);
  try {
    for (const point of points) {
      appender.appendVarchar(point.key);
      appender.appendBigInt(BigInt(point.timeMs));
      for (const tag of schema.tags) appendValue(appender, point.tags[tag], 'string');
      for (const [name, type] of fields) appendValue(appender, point.fields[name], type);
      appender.appendBigInt(BigInt(++sequence)); // __seq: later points win within a group
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendValue(appender: DuckDBAppender, value: string | number | boolean | undefined, type: FieldType): void {
  if (value === undefined) return appender.appendNull();
  switch (type) {
    case 'int': return appender.appendBigInt(BigInt(Math.trunc(Number(value))));
    case 'float': return appender.appendDouble(Number(value));
    case 'bool': return appender.appendBoolean(Boolean(value));
    default: return appender.appendVarchar(String(value));
  }
}
