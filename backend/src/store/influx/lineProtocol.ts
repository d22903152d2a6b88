/**
 * Point -> InfluxDB line protocol, with exact escaping, so no user string can end a line, start
 * a new field, or turn into another tag. Lines are written as bytes straight into a buffer:
 * ingest encodes millions of points, and a string per line, value and number would be most
 * of the service's garbage.
 *
 * Timestamps are nanoseconds: the point's millisecond plus a sub-millisecond offset derived
 * from its key. Two different events in the same millisecond with the same tags therefore
 * stay two points, while the same key always lands on the same timestamp and so overwrites
 * (InfluxDB replaces the fields of a point with the same series and time). A re-send that
 * changes the event's time or a tag value makes a new point; the README says so.
 */
import type { Point } from '../points';
import { Measurements, type FieldType, type Measurement } from '../schema';

/** Replaces only when needed: most names need no escaping, and a test is cheaper than a replace. */
const escaper = (special: RegExp, escape: (c: string) => string) => {
  const test = new RegExp(special.source);
  return (s: string) => (test.test(s) ? s.replace(special, escape) : s);
};

/** Measurement names: commas and spaces. */
const escapeMeasurement = escaper(/[\\, ]/g, (c) => `\\${c}`);

/** Tag keys, tag values and field keys: commas, equals signs and spaces. */
export const escapeKey = escaper(/[,= ]/g, (c) => `\\${c}`);

/**
 * What we store for a tag value. InfluxDB 1.x decides whether a separator is escaped by
 * looking one character back, so a value ending in a backslash cannot be written, and line
 * protocol has no escape for a newline at all. Those characters (and '%', the escape itself)
 * are therefore stored percent-encoded; decodeTagValue() reverses it on the way out.
 */
export const storedTagValue = escaper(/[%\\\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export const decodeTagValue = (stored: string) =>
  stored.replace(/%(25|5C|0A|0D)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * FNV-1a (32 bits) of the key: a stable spread of sub-millisecond offsets. Not a security
 * measure; it only keeps distinct events of one millisecond apart (a collision between two
 * events of the same series and millisecond is one in a million).
 */
export function keyOffset(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 1_000_000;
}

const bytesOf = (text: string) => Buffer.from(text, 'utf8');

/**
 * Per measurement, computed once: its escaped name, its tags in the sorted order InfluxDB
 * prefers, and its fields, each with its escaped `name=` and type, all as bytes.
 */
const layouts = new Map(Object.entries(Measurements).map(([name, schema]) => [name as Measurement, {
  prefix: bytesOf(escapeMeasurement(name)),
  tags: [...schema.tags].sort().map((tag) => ({ name: tag, prefix: bytesOf(`,${escapeKey(tag)}=`) })),
  fields: Object.entries(schema.fields).map(([field, type]) => ({ name: field, key: bytesOf(`${escapeKey(field)}=`), type })),
}]));

const enum Char {
  Newline = 0x0a, Return = 0x0d, Space = 0x20, Quote = 0x22, Percent = 0x25, Comma = 0x2c, Minus = 0x2d,
  Dot = 0x2e, Zero = 0x30, Equals = 0x3d, Backslash = 0x5c, LetterI = 0x69,
}
const HEX = bytesOf('0123456789ABCDEF');

/** How a string is written: as a tag value (see storedTagValue and escapeKey), inside a quoted field, or as is. */
const enum Mode { TagValue, Quoted, Plain }

/** A growing buffer that lines are written into. */
export class LineBuffer {
  bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  /** The bytes written so far, as a string (for tests and the benchmark). */
  toString(): string {
    return this.bytes.toString('utf8', 0, this.length);
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  copy(source: Uint8Array): void {
    this.reserve(source.length);
    for (let i = 0; i < source.length; i++) this.bytes[this.length++] = source[i];
  }

  /** UTF-8, escaped for its place in the line. */
  text(value: string, mode: Mode): void {
    // At most 3 bytes per UTF-16 unit: UTF-8 (4 per surrogate pair), %XX, or \c.
    this.reserve(value.length * 3);
    const out = this.bytes;
    let at = this.length;
    for (let i = 0; i < value.length; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        if (mode === Mode.TagValue) {
          if (c === Char.Percent || c === Char.Backslash || c === Char.Newline || c === Char.Return) {
            out[at++] = Char.Percent;
            out[at++] = HEX[c >> 4];
            out[at++] = HEX[c & 15];
            continue;
          }
          if (c === Char.Comma || c === Char.Equals || c === Char.Space) out[at++] = Char.Backslash;
        } else if (mode === Mode.Quoted && (c === Char.Backslash || c === Char.Quote)) {
          out[at++] = Char.Backslash;
        }
        out[at++] = c;
      } else if (c < 0x800) {
        out[at++] = 0xc0 | (c >> 6);
        out[at++] = 0x80 | (c & 63);
      } else {
        const next = value.charCodeAt(i + 1);
        if (c >= 0xd800 && c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[at++] = 0xf0 | (c >> 18);
          out[at++] = 0x80 | ((c >> 12) & 63);
        } else {
          // A lone surrogate is not text; UTF-8 writes U+FFFD for it, as Buffer.from does.
          if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
          out[at++] = 0xe0 | (c >> 12);
        }
        out[at++] = 0x80 | ((c >> 6) & 63);
        out[at++] = 0x80 | (c & 63);
      }
    }
    this.length = at;
  }

  /** An integer in decimal; minDigits pads with leading zeros. */
  integer(value: number, minDigits = 1): void {
    if (!Number.isSafeInteger(value)) return this.text(String(value), Mode.Plain);
    this.reserve(24);
    if (value < 0) {
      this.bytes[this.length++] = Char.Minus;
      value = -value;
    }
    // Digits in two halves small enough for integer arithmetic (timestamps have 13).
    if (value < 1e9) return this.smallInteger(value, minDigits);
    const high = Math.floor(value / 1e9);
    this.smallInteger(high, minDigits - 9);
    this.smallInteger(value - high * 1e9, 9);
  }

  /** 0 <= value < 2^31. */
  private smallInteger(value: number, minDigits: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
    if (digits < minDigits) digits = minDigits;
    const end = this.length + digits;
    for (let i = end - 1; i >= this.length; i--) {
      const next = (value / 10) | 0;
      this.bytes[i] = Char.Zero + value - next * 10;
      value = next;
    }
    this.length = end;
  }

  reserve(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.length + bytes, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** Appends the point's line (without a newline). Only the measurement's schema fields are written. */
export function writeLine(out: LineBuffer, point: Point): void {
  const layout = layouts.get(point.measurement)!;
  out.copy(layout.prefix);
  for (let i = 0; i < layout.tags.length; i++) {
    const tag = layout.tags[i];
    const value = point.tags[tag.name];
    if (value === undefined || value === '') continue;
    out.copy(tag.prefix);
    out.text(value, Mode.TagValue);
  }
  let separator: number = Char.Space;
  for (let i = 0; i < layout.fields.length; i++) {
    const field = layout.fields[i];
    const value = point.fields[field.name];
    if (value === undefined) continue;
    out.byte(separator);
    separator = Char.Comma;
    out.copy(field.key);
    writeFieldValue(out, value, field.type);
  }
  out.byte(Char.Space);
  writeTimestamp(out, point);
}

/** The point's line as a string (tests, the benchmark). */
export function toLineProtocol(point: Point): string {
  const out = new LineBuffer();
  writeLine(out, point);
  return out.toString();
}

function writeFieldValue(out: LineBuffer, value: string | number | boolean, type: FieldType): void {
  switch (type) {
    case 'int':
      out.integer(Math.trunc(Number(value)));
      out.byte(Char.LetterI);
      return;
    case 'float':
      if (Number.isSafeInteger(value)) {
        out.integer(value as number);
        out.byte(Char.Dot);
        out.byte(Char.Zero);
      } else {
        out.text(String(value), Mode.Plain);
      }
      return;
    case 'bool':
      out.text(value ? 'true' : 'false', Mode.Plain);
      return;
    default:
      out.byte(Char.Quote);
      out.text(String(value), Mode.Quoted);
      out.byte(Char.Quote);
  }
}

/** Nanoseconds: the millisecond, then the key's offset as six more digits. */
function writeTimestamp(out: LineBuffer, point: Point): void {
  const offset = keyOffset(point.key);
  if (point.timeMs === 0) return out.integer(offset);
  out.integer(point.timeMs);
  out.integer(offset, 6);
}
