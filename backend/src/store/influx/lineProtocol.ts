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
import type { FieldType } from '../schema';
import { InternalMeasurements } from './rollupSchema';
import { StoredMeasurements } from './storedSchema';

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const HEX_DIGITS = '0123456789ABCDEF';
const hex = (code: number) => HEX_DIGITS[code >> 4] + HEX_DIGITS[code & 15];
const HEX = bytesOf(HEX_DIGITS);

/**
 * The escaping rules, each declared once as the characters it backslash-escapes and the ones
 * it percent-encodes; the line writer and the string helpers below both apply them.
 *
 * Tag values are stored percent-encoded where line protocol cannot carry a character: InfluxDB
 * 1.x decides whether a separator is escaped by looking one character back, so a value ending
 * in a backslash cannot be written, and there is no escape for a newline at all. Those
 * characters (and '%', the escape itself) are percent-encoded; decodeTagValue() reverses it.
 */
const PERCENT_ENCODED = '%\\\n\r';
/** Separators in tag keys, tag values and field keys. */
const KEY_SEPARATORS = ',= ';

/** Per ASCII character: 0 as is, 1 after a backslash, 2 as %XX. */
type Rule = Uint8Array;
const rule = ({ backslash = '', percent = '' }: { backslash?: string; percent?: string }): Rule => {
  const actions = new Uint8Array(128);
  for (const c of backslash) actions[c.charCodeAt(0)] = 1;
  for (const c of percent) actions[c.charCodeAt(0)] = 2;
  return actions;
};
const Rules = {
  measurement: rule({ backslash: '\\, ' }),
  key: rule({ backslash: KEY_SEPARATORS }),
  storedTagValue: rule({ percent: PERCENT_ENCODED }),
  tagValue: rule({ backslash: KEY_SEPARATORS, percent: PERCENT_ENCODED }),
  /** Inside a double-quoted string field. */
  quoted: rule({ backslash: '\\"' }),
  plain: rule({}),
};

/** A string with a rule applied (names, query literals; lines are written as bytes). */
const escaped = (text: string, escape: Rule) => {
  const out = new LineBuffer(text.length * 3);
  out.text(text, escape);
  return out.toString();
};

/** A tag value as it is stored (and so as a query must name it). */
export const storedTagValue = (value: string) => escaped(value, Rules.storedTagValue);

const ENCODED = new RegExp(`%(${[...PERCENT_ENCODED].map((c) => hex(c.charCodeAt(0))).join('|')})`, 'g');
export const decodeTagValue = (stored: string) =>
  stored.replace(ENCODED, (_m, code: string) => String.fromCharCode(parseInt(code, 16)));

/** A series' values of the tags a query grouped by, decoded: the group of its rows. */
export const seriesGroup = (groupBy: readonly string[] | undefined, series: { readonly tags?: Record<string, string> }): Record<string, string> =>
  Object.fromEntries((groupBy ?? []).map((tag) => [tag, decodeTagValue(series.tags?.[tag] ?? '')]));

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


const enum Char { Space = 0x20, Quote = 0x22, Percent = 0x25, Comma = 0x2c, Minus = 0x2d, Dot = 0x2e, Zero = 0x30, Backslash = 0x5c, LetterI = 0x69 }

/** A growing buffer that lines are written into. */
export class LineBuffer {
  bytes: Buffer;
  length = 0;

  constructor(capacity = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

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

  /** UTF-8, escaped by the rule for its place in the line. */
  text(value: string, escape: Rule): void {
    // At most 3 bytes per UTF-16 unit: UTF-8 (4 per surrogate pair), %XX, or \c.
    this.reserve(value.length * 3);
    const out = this.bytes;
    let at = this.length;
    for (let i = 0; i < value.length; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        const action = escape[c];
        if (action === 2) {
          out[at++] = Char.Percent;
          out[at++] = HEX[c >> 4];
          out[at++] = HEX[c & 15];
          continue;
        }
        if (action === 1) out[at++] = Char.Backslash;
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
    if (!Number.isSafeInteger(value)) return this.text(String(value), Rules.plain);
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

/**
 * Per measurement, computed once: its escaped name, its tags in the sorted order InfluxDB
 * prefers, and its fields, each with its escaped `name=` and type, all as bytes.
 */
const layouts = new Map(Object.entries({ ...StoredMeasurements, ...InternalMeasurements }).map(([name, schema]) => [name, {
  prefix: bytesOf(escaped(name, Rules.measurement)),
  tags: [...schema.tags].sort().map((tag) => ({ name: tag, prefix: bytesOf(`,${escaped(tag, Rules.key)}=`) })),
  fields: Object.entries(schema.fields).map(([field, type]) => ({ name: field, key: bytesOf(`${escaped(field, Rules.key)}=`), type })),
}]));

/** A point of the store's own bookkeeping (rollupSchema.ts): rollups and markers. */
export interface InternalPoint extends Omit<Point, 'measurement'> {
  readonly measurement: keyof typeof InternalMeasurements;
}

/**
 * Appends the point's line (without a newline). Only the fields InfluxDB stores of the
 * measurement are written (storedSchema.ts: not the delivery kinds' one-hot status fields).
 */
export function writeLine(out: LineBuffer, point: Point | InternalPoint): void {
  const layout = layouts.get(point.measurement)!;
  out.copy(layout.prefix);
  for (let i = 0; i < layout.tags.length; i++) {
    const tag = layout.tags[i];
    const value = point.tags[tag.name];
    if (value === undefined || value === '') continue;
    out.copy(tag.prefix);
    out.text(value, Rules.tagValue);
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
        out.text(String(value), Rules.plain);
      }
      return;
    case 'bool':
      out.text(value ? 'true' : 'false', Rules.plain);
      return;
    default:
      out.byte(Char.Quote);
      out.text(String(value), Rules.quoted);
      out.byte(Char.Quote);
  }
}

/** Nanoseconds: the millisecond, then the key's offset as six more digits. */
function writeTimestamp(out: LineBuffer, point: Point | InternalPoint): void {
  const offset = keyOffset(point.key);
  if (point.timeMs === 0) return out.integer(offset);
  out.integer(point.timeMs);
  out.integer(offset, 6);
}
