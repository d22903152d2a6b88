/**
 * Answers of aggregate(), rows(), scan(), count() and tagValues() kept in this process and validated,
 * on every use, against the touch marks (touchMarks.ts) of the UTC days the query reads: a
 * dashboard asking the same question every 30 s costs influxd one small query of the marks
 * (one point per day) instead of the scan, and the answer stays exact.
 *
 * Every write of points carries a mark with a fresh token for each of its days, in the same
 * request, so any write into those days, from any replica, changes the marks. The marks are
 * read BEFORE the query runs: a write landing in between makes the entry look stale at its
 * next use (one needless rerun) and never lets a stale answer be served. A query without a
 * range is validated against every mark of its measurement. Dropped shards (retention) take
 * their days' marks with them, which also changes the marks.
 *
 * Entries are kept as JSON text: a caller may change what it got, and the text's length is
 * the entry's size for the memory bound (least recently used go first).
 */
import { createHash } from 'node:crypto';
import type { Measurement } from '../schema';
import type { TimeRange } from '../Store';
import type { InfluxClient } from './client';
import { ident, literal } from './influxql';
import { TOUCHED } from './rollupSchema';
import { DAY_MS } from './touchMarks';

export interface ResultCacheLimits {
  /** Answers kept at most. */
  readonly maxEntries: number;
  /** Approximate bytes of answers kept at most (their JSON text). */
  readonly maxBytes: number;
}

interface Entry {
  readonly marks: string;
  readonly json: string;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Answers served from the cache, and answers computed (tests, benchmark). */
  hits = 0;
  misses = 0;

  constructor(private readonly client: InfluxClient, private readonly database: string, private readonly limits: ResultCacheLimits) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The answer to `query` (any JSON naming everything the answer depends on), from the cache when still valid. */
  async answer<T>(measurement: Measurement, range: TimeRange | undefined, query: unknown, run: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([this.database, query]);
    const marks = await this.marks(measurement, range);
    const kept = this.lookup(key, marks);
    if (kept !== undefined) return JSON.parse(kept) as T;
    const answer = await run();
    this.keep(key, { marks, json: JSON.stringify(answer) });
    return answer;
  }

  /**
   * An answer handed an item at a time (Store.scan): replayed from the cache when still valid,
   * else run, its items kept as JSON text as they pass, until they outgrow what one entry may
   * hold (then the rest pass unkept and nothing is kept), so the answer is never held whole.
   */
  async replay<T>(measurement: Measurement, range: TimeRange | undefined, query: unknown, run: (each: (item: T) => void) => Promise<void>, each: (item: T) => void): Promise<void> {
    const key = JSON.stringify([this.database, query]);
    const marks = await this.marks(measurement, range);
    const kept = this.lookup(key, marks);
    if (kept !== undefined) {
      for (const item of JSON.parse(kept) as T[]) each(item);
      return;
    }
    let parts: string[] | undefined = [];
    let length = key.length + marks.length;
    await run((item) => {
      if (parts) {
        const json = JSON.stringify(item);
        length += json.length + 1;
        if (length > this.maxEntryBytes) parts = undefined;
        else parts.push(json);
      }
      each(item);
    });
    if (parts) this.keep(key, { marks, json: `[${parts.join(',')}]` });
  }

  /** The kept answer's JSON when its marks are still `marks` (a hit), else undefined (a miss). */
  private lookup(key: string, marks: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.marks !== marks) {
      this.misses++;
      return undefined;
    }
    // Most recently used goes last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.json;
  }

  /** An answer bigger than a quarter of the bound would push out most others for one question. */
  private get maxEntryBytes(): number {
    return this.limits.maxBytes / 4;
  }

  /** A digest of the marks of every UTC day the range overlaps (all days without a range). */
  private async marks(measurement: Measurement, range: TimeRange | undefined): Promise<string> {
    let text = `SELECT ${ident('w')} FROM ${ident(TOUCHED)} WHERE ${ident('m')} = ${literal(measurement)}`;
    if (range) text += ` AND time >= ${Math.floor(range.fromMs / DAY_MS) * DAY_MS}ms AND time < ${Math.ceil(range.toMs / DAY_MS) * DAY_MS}ms`;
    const [series] = await this.client.query(text);
    const hash = createHash('sha1');
    for (const [t, w] of series[0]?.values ?? []) hash.update(`${String(t)} ${String(w)}\n`);
    return hash.digest('base64');
  }

  private keep(key: string, entry: Entry): void {
    const earlier = this.entries.get(key);
    if (earlier) {
      this.entries.delete(key);
      this.bytes -= sizeOf(key, earlier);
    }
    if (sizeOf(key, entry) > this.maxEntryBytes) return;
    this.entries.set(key, entry);
    this.bytes += sizeOf(key, entry);
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(oldest, e);
    }
  }
}

/** An entry's approximate bytes: its key and texts, one byte a character (JSON of answers is mostly ASCII). */
const sizeOf = (key: string, entry: Entry) => key.length + entry.json.length + entry.marks.length;
