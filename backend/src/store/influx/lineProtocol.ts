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
import type { Point } from '../points';
import { Measurements, type Measurement } from '../schema';

/** Replaces only when needed: most names need no escaping, and a test is cheaper than a replace. */
const escaper = (special: RegExp, escape: (c: string) => string) => {
  const test = new RegExp(special.source);
  return (s: string) => (test.test(s) ? s.replace(special, escape) : s);
};

/** Measurement names: commas and spaces. */
const escapeMeasurement = escaper(/[\\, ]/g, (c) => `\\${c}`);

/** Tag keys, tag values and field keys: commas, equals signs and spaces. */
const escapeKey = escaper(/[,= ]/g, (c) => `\\${c}`);

/**
 * What we store for a tag value. InfluxDB 1.x decides whether a separator is escaped by
 * looking one character back, so a value ending in a backslash cannot be written, and line
 * protocol has no escape for a newline at all. Those characters (and '%', the escape itself)
 * are therefore stored percent-encoded; decodeTagValue() reverses it on the way out.
 */
export const storedTagValue = escaper(/[%\\\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export const decodeTagValue = (stored: string) =>
  stored.replace(/%(25|5C|0A|0D)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** String field values: inside double quotes, escape backslashes and double quotes. */
const escapeStringField = (s: string) => `"${escapeQuoted(s)}"`;
const escapeQuoted = escaper(/[\\"]/g, (c) => `\\${c}`);

/**
 * FNV-1a (32 bits) of the key: a stable spread of sub-millisecond offsets. Not a security
 * measure; it only keeps distinct events of one millisecond apart (a collision between two
 * events of the same series and millisecond is one in a million).
 */
function keyOffset(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 1_000_000;
}

export function timestampNs(point: Point): string {
  const offset = keyOffset(point.key);
  return point.timeMs === 0 ? String(offset) : `${point.timeMs}${String(offset).padStart(6, '0')}`;
}

/**
 * Per measurement, computed once: its escaped name, its tags in the sorted order InfluxDB
 * prefers, and each field's escaped `name=` with its type.
 */
const layouts = new Map(Object.entries(Measurements).map(([name, schema]) => [name as Measurement, {
  prefix: escapeMeasurement(name),
  tags: [...schema.tags].sort().map((tag) => [tag, `,${escapeKey(tag)}=`] as const),
  fields: new Map(Object.entries(schema.fields).map(([field, type]) => [field, { key: `${escapeKey(field)}=`, type }])),
}]));

/** Any character a tag value must have encoded or escaped; most values have none. */
const TAG_SPECIAL = /[%\\\n\r,= ]/;
const tagValue = (value: string) => (TAG_SPECIAL.test(value) ? escapeKey(storedTagValue(value)) : value);

export function toLineProtocol(point: Point): string {
  const layout = layouts.get(point.measurement)!;
  let line = layout.prefix;
  for (const [tag, prefix] of layout.tags) {
    const value = point.tags[tag];
    if (value !== undefined && value !== '') line += prefix + tagValue(value);
  }
  let separator = ' ';
  for (const name in point.fields) {
    const field = layout.fields.get(name);
    line += separator + (field ? field.key : `${escapeKey(name)}=`) + fieldValue(point.fields[name], field?.type);
    separator = ',';
  }
  return `${line} ${timestampNs(point)}`;
}
function fieldValue(value: string | number | boolean, type: string | undefined): string {
  switch (type) {
    case 'int': return `${Math.trunc(Number(value))}i`;
    case 'float': return Number.isInteger(value) ? `${value}.0` : String(value);
    case 'bool': return value ? 'true' : 'false';
    default: return escapeStringField(String(value));
  }
}
