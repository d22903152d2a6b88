/**
 * Rows kept in order per UTC day (RollupSpec.dayRows): a copy of a few columns of a
 * measurement's raw points, in the order InfluxDB reads them, as JSON text in one point per day
 * and value of a low-cardinality tag (in chunks when a day's text is long). Kept and recomputed
 * with the day's rollup (rollups.ts), so it is current exactly when the rollup is.
 *
 * Why: a statistic that folds runs in order cannot be summed from counts. DORA's time to
 * restore folds every prod deploy of the window: at 1M events over 90 days, ~33,000 raw rows in
 * ~2,000 series, which InfluxDB 1.x reads through a cursor per series and shard (150-270 ms);
 * the kept rows are 90 points of one series. A per-service summary of failure streaks would be
 * no smaller: a service deploys to an environment about once a day or less.
 *
 * A scan reads them when it asks for kept columns in ascending order, and filters on one value
 * of each `by` tag and on kept columns only (the latter applied here). Partial days at the ends
 * of its range read the raw points.
 */
import { Measurements } from '../schema';
import type { Row, RowsQuery } from '../Store';
import type { Series } from './client';
import { ident, literal } from './influxql';
import { decodeTagValue, type InternalPoint } from './lineProtocol';
import { RollupSpecs, rowsMeasurement, type DayRowsSpec } from './rollupSchema';
import { DAY_MS } from './touchMarks';

type Value = string | number | boolean | null;

/**
 * Text a chunk holds at most: InfluxDB 1.x takes a string field of up to 64 KB, and line
 * protocol escapes each quote of the JSON (at most doubling it).
 */
const CHUNK_BYTES = 30_000;

/** The query for a run of days' rows, per value set of the `by` tags, in time order. */
export function dayRowsSourceQuery(measurement: RowsQuery['measurement'], spec: DayRowsSpec, range: { fromMs: number; toMs: number }): string {
  const columns = spec.columns.map(ident).join(', ');
  const byTags = spec.by.length ? ` GROUP BY ${spec.by.map(ident).join(', ')}` : '';
  return `SELECT ${columns} FROM ${ident(measurement)} WHERE time >= ${range.fromMs}ms AND time < ${range.toMs}ms${byTags} ORDER BY time ASC`;
}

/**
 * The kept-rows points of the days read by dayRowsSourceQuery: per series and UTC day, chunks
 * at the day's first milliseconds (day + 0, + 1, ...), each holding its chunk's rows and the
 * day's chunk count. A recomputed day may need fewer chunks than before: the count in its first
 * chunk tells which of the stored ones are current.
 */
export function dayRowsPoints(measurement: RowsQuery['measurement'], spec: DayRowsSpec, series: Series[]): InternalPoint[] {
  const tagNames = Measurements[measurement].tags;
  const points: InternalPoint[] = [];
  for (const s of series) {
    const tags = Object.fromEntries(spec.by.map((tag) => [tag, decodeTagValue(String(s.tags?.[tag] ?? ''))]).filter(([, v]) => v !== ''));
    const at = spec.columns.map((column) => ({ index: s.columns.indexOf(column), tag: tagNames.includes(column) }));
    let day = NaN;
    let chunks: string[] = [];
    let chunk = new Chunk();
    const endDay = () => {
      if (!chunk.empty) chunks.push(chunk.text());
      chunks.forEach((rows, i) => points.push({ measurement: rowsMeasurement(measurement), key: '', timeMs: day + i, tags, fields: { rows, parts: chunks.length } }));
      chunks = [];
      chunk = new Chunk();
    };
    for (const values of s.values) {
      const timeMs = Number(values[0]);
      const rowDay = Math.floor(timeMs / DAY_MS) * DAY_MS;
      if (rowDay !== day) {
        if (!Number.isNaN(day)) endDay();
        day = rowDay;
      }
      const cells = at.map(({ index, tag }) => cell(values[index], tag));
      if (chunk.bytes + chunk.cost(timeMs - day, cells) > CHUNK_BYTES) {
        chunks.push(chunk.text());
        chunk = new Chunk();
      }
      chunk.add(timeMs - day, cells);
    }
    if (!Number.isNaN(day)) endDay();
  }
  return points;
}

const cell = (value: unknown, tag: boolean): Value => (value === undefined || value === null ? null : tag ? decodeTagValue(String(value)) : (value as Value));

/**
 * A chunk's text: `{"v":[values...],"r":[ms, i, j, ...]}`, each row its milliseconds after the
 * previous row (the first: after midnight) and the index in `v` of each column's value. A day's
 * deploys repeat a few project, service and status names: as indexes the text is ~40% of the
 * rows written out, and InfluxDB's answer (which escapes every quote again) the same.
 */
class Chunk {
  private readonly values: Value[] = [];
  private readonly index = new Map<Value, number>();
  private readonly rows: number[] = [];
  private lastMs = 0;
  bytes = 16;

  get empty(): boolean {
    return this.rows.length === 0;
  }

  /** Bytes the row would add, over-estimated: new values written out, each number up to 8 digits and a comma. */
  cost(ms: number, cells: readonly Value[]): number {
    let bytes = String(ms - this.lastMs).length + 1;
    for (const value of cells) bytes += this.index.has(value) ? 6 : Buffer.byteLength(JSON.stringify(value)) + 7;
    return bytes;
  }

  add(ms: number, cells: readonly Value[]): void {
    this.bytes += this.cost(ms, cells);
    this.rows.push(ms - this.lastMs);
    this.lastMs = ms;
    for (const value of cells) {
      let i = this.index.get(value);
      if (i === undefined) {
        i = this.values.push(value) - 1;
        this.index.set(value, i);
      }
      this.rows.push(i);
    }
  }

  text(): string {
    return JSON.stringify({ v: this.values, r: this.rows });
  }
}

/** Hands on each row of a chunk's text (Chunk): its milliseconds after midnight and its values, in `cells` (reused). */
function readChunk(text: string, cells: Value[], each: (ms: number) => void): void {
  const { v, r } = JSON.parse(text) as { v: Value[]; r: number[] };
  const width = cells.length;
  let ms = 0;
  for (let i = 0; i < r.length; i += width + 1) {
    ms += r[i];
    for (let c = 0; c < width; c++) cells[c] = v[r[i + 1 + c]];
    each(ms);
  }
}

/** How a scan reads kept rows: whole UTC days from them, the partial days at its ends raw. */
export interface DayRowsPlan {
  /** The kept rows' query over the whole days. */
  readonly text: string;
  readonly days: { readonly fromMs: number; readonly toMs: number };
  /** The partial days before and after, read raw (in that order around the kept ones). */
  readonly before?: RowsQuery;
  readonly after?: RowsQuery;
  /** Decodes the kept points into the scan's rows, in order. */
  readonly read: (series: Series | undefined, each: (row: Row) => void) => void;
}

/** Undefined unless the measurement keeps rows that answer the scan (see the module's comment). */
export function dayRowsPlan(query: RowsQuery): DayRowsPlan | undefined {
  const spec = RollupSpecs[query.measurement]?.dayRows;
  if (!spec || !query.range || query.order !== 'asc' || query.anyFlag || query.limit !== undefined || query.offset) return undefined;
  if (!query.columns.every((column) => spec.columns.includes(column))) return undefined;
  const where = query.where ?? {};
  if (!spec.by.every((tag) => where[tag]?.length === 1)) return undefined;
  const filters = Object.entries(where).filter(([tag]) => !spec.by.includes(tag));
  const tags = Measurements[query.measurement].tags;
  if (!filters.every(([tag]) => spec.columns.includes(tag) && tags.includes(tag))) return undefined;
  const { fromMs, toMs } = query.range;
  const days = { fromMs: Math.ceil(fromMs / DAY_MS) * DAY_MS, toMs: Math.floor(toMs / DAY_MS) * DAY_MS };
  if (days.fromMs >= days.toMs) return undefined;
  const byTags = spec.by.map((tag) => `${ident(tag)} = ${literal(where[tag][0])}`).join(' AND ');
  const text = `SELECT ${ident('parts')}, ${ident('rows')} FROM ${ident(rowsMeasurement(query.measurement))}`
    + ` WHERE ${byTags ? `${byTags} AND ` : ''}time >= ${days.fromMs}ms AND time < ${days.toMs}ms`;
  const indexes = query.columns.map((column) => spec.columns.indexOf(column));
  const tests = filters.map(([tag, values]) => ({ index: spec.columns.indexOf(tag), values: new Set(values) }));
  return {
    text,
    days,
    ...(fromMs < days.fromMs ? { before: { ...query, range: { fromMs, toMs: days.fromMs } } } : {}),
    ...(days.toMs < toMs ? { after: { ...query, range: { fromMs: days.toMs, toMs } } } : {}),
    read(series, each) {
      let parts = 0;
      const cells: Value[] = new Array(spec.columns.length);
      for (const [time, partsValue, text] of series?.values ?? []) {
        const timeMs = Number(time);
        const day = Math.floor(timeMs / DAY_MS) * DAY_MS;
        // The first chunk says how many are the day's; a longer earlier version left the rest.
        if (timeMs === day) parts = Number(partsValue);
        if (timeMs - day >= parts) continue;
        readChunk(String(text), cells, (ms) => {
          // '' matches a point without the tag, as InfluxQL's `tag = ''` does.
          for (const { index, values } of tests) if (!values.has(String(cells[index] ?? ''))) return;
          const values: Record<string, Value> = {};
          for (let i = 0; i < indexes.length; i++) values[query.columns[i]] = cells[indexes[i]];
          each({ timeMs: day + ms, values });
        });
      }
    },
  };
}
