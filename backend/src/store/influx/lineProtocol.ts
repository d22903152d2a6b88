/**
 * Point -> InfluxDB line protocol, with exact escaping, so no user string can end a line, start
 * a new field, or turn into another tag.
 *
 * Timestamps are nanoseconds: the point's millisecond plus a sub-millisecond offset derived
 * from its key. Two different events in the same millisecond with the same tags therefore
 * stay two points, while the same key always lands on the same timestamp and so overwrites
 * (InfluxDB replaces the fields of a point with the same series and time). A re-send that
 * changes the event's time or a tag value makes a new point; the README says so.
 */
import { createHash } from 'node:crypto';
import type { Point } from '../points';
import { Measurements } from '../schema';

/** Measurement names: commas and spaces. */
const escapeMeasurement = (s: string) => s.replace(/[\\, ]/g, (c) => `\\${c}`);

/** Tag keys, tag values and field keys: commas, equals signs and spaces. */
const escapeKey = (s: string) => s.replace(/[,= ]/g, (c) => `\\${c}`);

/**
 * What we store for a tag value. InfluxDB 1.x decides whether a separator is escaped by
 * looking one character back, so a value ending in a backslash cannot be written, and line
 * protocol has no escape for a newline at all. Those characters (and '%', the escape itself)
 * are therefore stored percent-encoded; decodeTagValue() reverses it on the way out.
 */
export const storedTagValue = (value: string) =>
  value.replace(/[%\\\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export const decodeTagValue = (stored: string) =>
  stored.replace(/%(25|5C|0A|0D)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** String field values: inside double quotes, escape backslashes and double quotes. */
const escapeStringField = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export function timestampNs(point: Point): string {
  const offset = createHash('sha1').update(point.key).digest().readUInt32BE(0) % 1_000_000;
  return (BigInt(point.timeMs) * 1_000_000n + BigInt(offset)).toString();
}

export function toLineProtocol(point: Point): string {
  const schema = Measurements[point.measurement];
  let line = escapeMeasurement(point.measurement);
  for (const tag of [...schema.tags].sort()) {
    const value = point.tags[tag];
    if (value !== undefined && value !== '') line += `,${escapeKey(tag)}=${escapeKey(storedTagValue(value))}`;
  }
  const fields: string[] = [];
  for (const [name, value] of Object.entries(point.fields)) {
    fields.push(`${escapeKey(name)}=${fieldValue(value, schema.fields[name])}`);
  }
  return `${line} ${fields.join(',')} ${timestampNs(point)}`;
}

function fieldValue(value: string | number | boolean, type: string | undefined): string {
  switch (type) {
    case 'int': return `${Math.trunc(Number(value))}i`;
    case 'float': return Number.isInteger(value) ? `${value}.0` : String(value);
    case 'bool': return value ? 'true' : 'false';
    default: return escapeStringField(String(value));
  }
}
