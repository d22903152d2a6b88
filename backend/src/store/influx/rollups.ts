/**
 * Rollups: per rolled-up measurement (rollupSchema.ts), one point per grain (a quarter hour;
 * API calls: a minute) and value set of a few tags, holding counts, sums and maxima of the raw
 * points in it. A daily statistic over 90 days then reads rollup points in a few series instead
 * of a million raw points in thousands. Quarters, not hours: every zone's midnight falls on a
 * quarter hour (India's at :30 UTC, Nepal's at :15), so day buckets in every zone come from rollups.
 *
 * A rollup is never incremented: a UTC day's rollup points are recomputed from the raw points
 * whenever the day's touch mark (touchMarks.ts) differs from the one its rollup recorded. That
 * happens lazily, when a query needs the day, on whichever replica asks; the state lives in
 * InfluxDB only. Recomputing reads the mark before the raw points, so a write landing during
 * the recomputation leaves a mark the rollup did not record, and the next query recomputes
 * again. Re-sends and status changes overwrite raw points, and the recomputation sees that.
 *
 * Only sums, counts, maxima, minima and means (sum / count) come from rollups; they combine
 * exactly over grains.
 * A median or percentile beside them is asked of the raw points in a query of its own, which
 * reads only its field. Everything else (median, percentiles, stddev, distinct), filters or
 * groups on other tags, buckets finer than the grain and ranges not on whole grains (but see
 * rollupEdges.ts) read the raw points.
 */
import { addDays, startOfDay } from '../../time/calendar';
import type { Aggregate, AggregateQuery } from '../Store';
import { statusField, type Measurement } from '../schema';
import type { InfluxClient, Series } from './client';
import { ident, literal, whereClause } from './influxql';
import { decodeTagValue, LineBuffer, writeLine, type InternalPoint } from './lineProtocol';
import { GRAIN_MS, MARKED_SINCE, MAX_KEPT_VALUES, ROLLED, rollupField, rollupLevels, rollupMeasurement, RollupSpecs, TOUCHED, type Grain, type RollupSpec, type Scope } from './rollupSchema';
import { statusScans } from './storedSchema';
import { DAY_MS, type TouchedDays } from './touchMarks';
import { dayRowsPoints, dayRowsSourceQuery } from './dayRows';

/** Every timestamp the store writes falls in [0, END_OF_TIME): the range of "all days". */
const END_OF_TIME = Date.UTC(2200, 0, 1);
/** Quiet time after the last write before this process recomputes the days it touched. */
const QUIET_MS = 2_000;
/**
 * Days recomputed per raw query: a small query's cost is bounded (a day of 11,000 builds reads
 * in ~0.1 s), and each piece's work is kept even if a later piece fails or is stopped.
 */
const DAYS_PER_QUERY = 2;
const RECOMPUTES_IN_FLIGHT = 2;
/** Background pieces of all measurements at once (influxd answers a query on one core). */
const BACKGROUND_PIECES_IN_FLIGHT = 2;
/** How long a background recompute waits, between pieces, for the store's queries to finish. */
const YIELD_MS = 50;
/** More stale days than this and a query reads the raw points (Rollups.read). */
const STALE_DAYS_A_QUERY_RECOMPUTES = 3;

/** A day to recompute, with the touch mark it is recomputed from. */
interface StaleDay {
  readonly day: number;
  readonly w: string;
}
/** Rollup lines per /write. */
const WRITE_LINES = 5_000;

/** How rollup points' values of one column combine: exactly, in any grouping. */
type Combine = 'SUM' | 'MAX' | 'MIN';
const COMBINE: Record<Combine, (a: number, b: number) => number> = { SUM: (a, b) => a + b, MAX: Math.max, MIN: Math.min };

/** A rollup column read under an alias, and how its values combine. */
interface Column { readonly fn: Combine; readonly column: string; readonly alias: string }
/** The rollup columns an aggregate is computed from, and how. */
type Plan = { readonly column: (name: string) => Column[]; readonly value: (get: (column: string) => number | null, name: string) => number | null };

const combined = (fn: Combine, column: string): Plan => ({ column: (alias) => [{ fn, column, alias }], value: (get, name) => get(name) });
const sumOf = (column: string) => combined('SUM', column);

function planFor(aggregate: Aggregate, spec: RollupSpec): Plan | undefined {
  const { field } = aggregate;
  switch (aggregate.fn) {
    case 'count': return spec.counted.includes(field) ? sumOf(rollupField('count', field)) : undefined;
    case 'sum': return spec.summed.includes(field) || (spec.statuses ?? []).some((status) => statusField(status) === field) ? sumOf(rollupField('sum', field)) : undefined;
    case 'max': return spec.maxed?.includes(field) ? combined('MAX', rollupField('max', field)) : undefined;
    case 'min': return spec.mined?.includes(field) ? combined('MIN', rollupField('min', field)) : undefined;
    case 'mean': {
      if (!spec.summed.includes(field) || !spec.counted.includes(field)) return undefined;
      return {
        column: (name) => [{ fn: 'SUM', column: rollupField('sum', field), alias: `${name}__sum` }, { fn: 'SUM', column: rollupField('count', field), alias: `${name}__count` }],
        value: (get, name) => {
          const [sum, count] = [get(`${name}__sum`), get(`${name}__count`)];
          return sum === null || !count ? null : sum / count;
        },
      };
    }
    default: return undefined;
  }
}

/**
 * A query rollups answer, in part or whole: its InfluxQL over the rollup, how to read each
 * value, and the aggregates rollups cannot combine (median, percentiles, ...), which the store
 * asks of the raw points: a query that reads only their fields.
 */
export interface RollupQuery {
  readonly text: string;
  readonly values: (get: (column: string) => number | null) => Record<string, number | null>;
  readonly rest?: AggregateQuery['select'];
  /**
   * Set when the buckets are the rollup's grain, or a summary (no buckets) spans few grains:
   * the text reads the rollup points as they are
   * (InfluxDB 1.x spends ~50 µs a window and aggregate: 15 aggregates over a day of minutes of
   * 5 APIs took 360-620 ms, the points themselves 60-95 ms), and the points of one bucket and
   * group (other tags' values) are combined here, by time within each series (a summary's all).
   */
  readonly combine?: (series: Series[]) => Series[];
  /**
   * Set when every aggregate of `rest` is a median or percentile of a field whose values the
   * level keeps (RollupSpec.valued): the text reading those values and their counts as stored.
   */
  readonly valuesText?: string;
}

export function rollupQuery(query: AggregateQuery): RollupQuery | undefined {
  const spec = RollupSpecs[query.measurement];
  // The coarsest level the range and buckets fall on whole grains of: the fewest points.
  const grain = spec && query.range ? [...spec.grains].reverse().find((g) => onWholeGrains(query, g)) : undefined;
  if (!spec || !grain) return undefined;
  const tags = [...Object.keys(query.where ?? {}), ...(query.groupBy ?? [])];
  if (!tags.every((tag) => spec.tags.includes(tag))) return undefined;
  const scope: Scope = spec.totals && tags.length === 0 ? 'total' : 'tagged';
  const plans: Array<[string, Plan]> = [];
  const rest: Record<string, Aggregate> = {};
  for (const [name, aggregate] of Object.entries(query.select)) {
    const plan = planFor(aggregate, spec);
    if (plan) plans.push([name, plan]);
    else rest[name] = aggregate;
  }
  if (plans.length === 0) return undefined;
  const { bucket } = query;
  const columns = plans.flatMap(([name, plan]) => plan.column(name));
  // Rollup points lie on their grain's start, so each is in the bucket of its own time (a day
  // point's UTC midnight is the local one: onWholeGrains). Without buckets, a range of a few
  // hundred grains is read as stored too and summed here: DORA's counts over 90 daily points
  // of 20 series took influxd 36-43 ms as five SUMs, 18-20 ms as the points.
  const summary = !bucket && (query.range!.toMs - query.range!.fromMs) / GRAIN_MS[grain] <= SUMMARY_GRAINS_AS_STORED;
  const asStored = bucket?.unit === grain || summary;
  const groups = [...(bucket && !asStored ? [`time(${INTERVAL[bucket.unit]})`] : []), ...(query.groupBy ?? []).map(ident)];
  const selected = columns.map(({ fn, column, alias }) => `${asStored ? ident(column) : `${fn}(${ident(column)})`} AS ${ident(alias)}`);
  let text = `SELECT ${selected.join(', ')} FROM ${ident(rollupMeasurement(query.measurement, grain, scope))}`;
  text += whereClause(query.where, query.range);
  if (groups.length) text += ` GROUP BY ${groups.join(', ')}`;
  if (bucket && !asStored) text += ' fill(none)';
  if (bucket?.unit === 'day' && !asStored) text += ` tz(${literal(bucket.tz)})`;
  const keptFields = [...new Set(Object.values(rest).map((a) => a.field))];
  const fromKept = keptFields.length > 0 && Object.values(rest).every((a) => (a.fn === 'median' || a.fn === 'percentile') && spec.valued?.includes(a.field));
  const valuesText = fromKept
    ? `SELECT ${keptFields.flatMap((f) => [ident(rollupField('values', f)), ident(rollupField('count', f))]).join(', ')} FROM ${ident(rollupMeasurement(query.measurement, grain, scope))}`
      + `${whereClause(query.where, query.range)}${query.groupBy?.length ? ` GROUP BY ${query.groupBy.map(ident).join(', ')}` : ''}`
    : undefined;
  return {
    text,
    ...(valuesText ? { valuesText } : {}),
    values: (get) => {
      // A loop, not Object.fromEntries: it runs per row (7,200 of 15 aggregates for a day by minute).
      const out: Record<string, number | null> = {};
      for (const [name, plan] of plans) out[name] = plan.value(get, name);
      return out;
    },
    ...(Object.keys(rest).length ? { rest } : {}),
    ...(asStored ? { combine: (series: Series[]) => series.map((s) => combinePoints(summary ? { ...s, values: s.values.map(([, ...v]) => [0, ...v]) } : s, columns)) } : {}),
  };
}

/** One row per time in a series of rollup points: the values of points at the same time combined. */
function combinePoints(series: Series, columns: readonly Column[]): Series {
  const fns = series.columns.map((name) => columns.find((c) => c.alias === name)?.fn);
  const rows = new Map<number, unknown[]>();
  for (const values of series.values) {
    const time = Number(values[0]);
    const row = rows.get(time);
    if (!row) {
      rows.set(time, [...values]);
      continue;
    }
    for (let i = 1; i < values.length; i++) {
      const [a, b] = [row[i], values[i]];
      if (b === null || b === undefined) continue;
      row[i] = a === null || a === undefined ? b : COMBINE[fns[i] ?? 'SUM'](Number(a), Number(b));
    }
  }
  return { ...series, values: [...rows.values()] };
}

const INTERVAL = { minute: '1m', hour: '1h', day: '1d' } as const;

/** Grains of a range without buckets that a rollup query reads as stored (rollupQuery). */
const SUMMARY_GRAINS_AS_STORED = 400;

/**
 * Whether the range, and each local midnight in it for day buckets, falls on a whole grain
 * (UTC minute, quarter hour, hour or day), and the buckets are no finer than the grain.
 */
export function onWholeGrains(query: AggregateQuery, grain: Grain): boolean {
  const { fromMs, toMs } = query.range!;
  const grainMs = GRAIN_MS[grain];
  if (fromMs % grainMs !== 0 || toMs % grainMs !== 0 || toMs <= fromMs) return false;
  const unit = query.bucket?.unit;
  if (unit === 'minute' || unit === 'hour') return grainMs <= GRAIN_MS[unit];
  if (unit !== 'day') return true;
  const { tz } = query.bucket!;
  for (let day = startOfDay(fromMs, tz); day < toMs; day = addDays(day, 1, tz)) {
    if (day % grainMs !== 0) return false;
  }
  return true;
}

/** Keeps the rollups of a store's database up to date with its raw points, on demand. */
export class Rollups {
  /** Measurements whose days from before rollups existed are known to be marked. */
  private readonly marked = new Set<Measurement>();

  /** Per measurement, the refresh running now: refreshes of one measurement take turns. */
  private readonly running = new Map<Measurement, Promise<void>>();

  /** Days this process wrote into and has not recomputed yet, per measurement. */
  private readonly written = new Map<Measurement, { fromMs: number; toMs: number }>();
  private quietTimer?: NodeJS.Timeout;
  /** Set by stop(): no head start is scheduled on a closing store. */
  private stopped = false;
  /** Writes seen: a head start stops between pieces when writes resumed (their days change again). */
  private writes = 0;
  /** Queries of this store under way: background recomputes give way to them. */
  queries = 0;
  /** Background pieces running, and those waiting for a turn (inBackgroundSlot). */
  private backgroundPieces = 0;
  private readonly backgroundTurns: Array<() => void> = [];

  constructor(private readonly client: InfluxClient, private readonly onError: (err: unknown) => void) {}

  /**
   * After a write: once writes have gone quiet for a moment, recompute the days written, so
   * the next query finds them done. Only a head start: a query refreshes what it needs anyway,
   * so a replica that stops before this runs loses nothing.
   */
  afterWrite(written: ReturnType<TouchedDays['ranges']>): void {
    // Every measurement is marked (for the result cache); only some are rolled up.
    const ranges = written.filter(({ measurement }) => RollupSpecs[measurement]);
    if (ranges.length === 0) return;
    this.writes++;
    this.remember(ranges);
  }

  /**
   * Notes days to recompute once writes go quiet. A head start that writes resumed stopped
   * hands its range back, so the next quiet moment finishes it: after a bulk import of builds
   * followed by other kinds, the builds' days would otherwise wait for a query to find them stale.
   */
  private remember(ranges: ReturnType<TouchedDays['ranges']>): void {
    if (this.stopped) return;
    for (const { measurement, fromMs, toMs } of ranges) {
      const known = this.written.get(measurement);
      this.written.set(measurement, known ? { fromMs: Math.min(known.fromMs, fromMs), toMs: Math.max(known.toMs, toMs) } : { fromMs, toMs });
    }
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      const pending = [...this.written];
      this.written.clear();
      const writes = this.writes;
      const resumed = () => this.writes !== writes;
      for (const [measurement, range] of pending) {
        this.refresh(measurement, range, resumed)
          .then(() => { if (resumed()) this.remember([{ measurement, ...range }]); })
          .catch(this.onError);
      }
    }, QUIET_MS);
    this.quietTimer.unref();
  }

  /** Stops the pending head start and waits for refreshes under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.quietTimer);
    await Promise.all([...this.running.values()].map((refresh) => refresh.catch(() => undefined)));
  }

  /**
   * Before a query reads the rollups of the range: recomputes its stale days when they are a
   * few (the usual case: today and yesterday were written), and says whether the rollups are
   * now current. With more stale days (after a bulk import) recomputing would cost the query
   * more than reading the raw points, so it answers from those (false) while the days are
   * recomputed in the background.
   */
  private async prepare(measurement: Measurement, range: { fromMs: number; toMs: number }): Promise<boolean> {
    return this.bringUpToDate(measurement, range, await this.staleDays(measurement, range));
  }

  /**
   * Statements over the rollups of the range, once they are current (prepare); undefined when
   * the raw points must answer. Where the server takes several statements a request (1.x; found
   * at open()), the marks go first in the same request as the statements: it runs them
   * in order, so the rollups read are at least as new as the marks that said they are current,
   * and a statistic costs one round trip less (~1-1.5 ms of a 7 ms DataArts overview). When a
   * day is stale the answers are dropped, and the statements asked again once it is recomputed.
   */
  async read(measurement: Measurement, range: { fromMs: number; toMs: number }, statements: readonly string[]): Promise<Series[][] | undefined> {
    if (this.multiStatement) {
      await this.markEarlierDays(measurement);
      const [marks, ...answers] = await this.client.query([this.marksQuery(measurement, range), ...statements].join('; '));
      const stale = staleOf(marks);
      if (stale.length === 0) return answers;
      if (!(await this.bringUpToDate(measurement, range, stale))) return undefined;
    } else if (!(await this.prepare(measurement, range))) {
      return undefined;
    }
    return Promise.all(statements.map(async (statement) => (await this.client.query(statement))[0]));
  }

  /** Whether the server answers several statements a request (found at open()). */
  private multiStatement = false;

  private async bringUpToDate(measurement: Measurement, range: { fromMs: number; toMs: number }, stale: StaleDay[]): Promise<boolean> {
    if (stale.length === 0) return true;
    if (stale.length > STALE_DAYS_A_QUERY_RECOMPUTES) {
      if (!this.running.has(measurement)) this.refresh(measurement, range).catch(this.onError);
      return false;
    }
    await this.recomputeDays(measurement, stale, () => false, RECOMPUTES_IN_FLIGHT);
    return true;
  }

  /**
   * Recomputes the rollup of every UTC day in the range whose touch mark changed, in the
   * background: refreshes of one measurement take turns, so a day is not recomputed twice at once.
   */
  refresh(measurement: Measurement, range: { fromMs: number; toMs: number }, stop = () => false): Promise<void> {
    const next = (this.running.get(measurement) ?? Promise.resolve()).catch(() => undefined)
      .then(async () => this.recomputeDays(measurement, await this.staleDays(measurement, range), stop, 1));
    this.running.set(measurement, next);
    const forget = () => { if (this.running.get(measurement) === next) this.running.delete(measurement); };
    next.then(forget, forget);
    return next;
  }

  /** The UTC days of the range whose touch mark differs from the one their rollup recorded. */
  private async staleDays(measurement: Measurement, range: { fromMs: number; toMs: number }): Promise<StaleDay[]> {
    await this.markEarlierDays(measurement);
    const [series] = await this.client.query(this.marksQuery(measurement, range));
    return staleOf(series);
  }

  /** Both marks of the range's UTC days in one statement (a series each): a round trip costs more than either read. */
  private marksQuery(measurement: Measurement, range: { fromMs: number; toMs: number }): string {
    const from = Math.floor(range.fromMs / DAY_MS) * DAY_MS;
    const to = Math.ceil(range.toMs / DAY_MS) * DAY_MS;
    return `SELECT ${ident('w')} FROM ${ident(TOUCHED)}, ${ident(ROLLED)} WHERE ${ident('m')} = ${literal(measurement)} AND time >= ${from}ms AND time < ${to}ms`;
  }

  /**
   * A query's own recomputes run two at a time (influxd answers a query on one core); the
   * background's one at a time, each piece after the store's queries under way finished: a
   * query right after a bulk import reads the raw points and must not wait behind all 90 days.
   */
  private async recomputeDays(measurement: Measurement, stale: StaleDay[], stop: () => boolean, inFlight: number): Promise<void> {
    const runs = contiguous(stale);
    const background = inFlight === 1;
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < runs.length && !stop()) {
        while (background && this.queries > 0) await new Promise((resolve) => setTimeout(resolve, YIELD_MS));
        const run = runs[next++];
        await (background ? this.inBackgroundSlot(() => this.recompute(measurement, run)) : this.recompute(measurement, run));
      }
    }));
  }

  /**
   * Background pieces of every measurement take turns, BACKGROUND_PIECES_IN_FLIGHT at a time:
   * after a bulk import the head start refreshes eight measurements at once, and eight raw
   * queries of 2 days each on a busy 2-core influxd outlasted the 30 s query timeout (10M
   * builds), which left those days to the raw points until a query came.
   */
  private async inBackgroundSlot(work: () => Promise<void>): Promise<void> {
    while (this.backgroundPieces >= BACKGROUND_PIECES_IN_FLIGHT) await new Promise<void>((resolve) => this.backgroundTurns.push(resolve));
    this.backgroundPieces++;
    try {
      await work();
    } finally {
      this.backgroundPieces--;
      this.backgroundTurns.shift()?.();
    }
  }

  /**
   * Raw queries for a run of consecutive days, grouped by grain and the rollup's tags: one for
   * the counts, sums and maxima, and one per status counting the points that have it (the raw
   * points store no one-hot fields, storedSchema.ts), the kept values and rows (dayRows.ts);
   * then the rollup points and, after them in the same requests, the marks they were computed from.
   */
  private async recompute(measurement: Measurement, days: StaleDay[]): Promise<void> {
    const spec = RollupSpecs[measurement]!;
    const columns = rollupColumns(spec);
    const range = { fromMs: days[0].day, toMs: days[days.length - 1].day + DAY_MS };
    const finest = spec.grains[0];
    const grouped = ` GROUP BY time(${GRAIN_MS[finest]}ms)${spec.tags.map((tag) => `, ${ident(tag)}`).join('')} fill(none)`;
    const text = `SELECT ${columns.map(({ name, expression }) => `${expression} AS ${ident(name)}`).join(', ')} FROM ${ident(measurement)}`
      + `${whereClause(undefined, range)}${grouped}`;
    const { scanned, derived } = statusScans(measurement, spec.statuses ?? []);
    const valued = spec.valued ?? [];
    const byTags = spec.tags.length ? ` GROUP BY ${spec.tags.map(ident).join(', ')}` : '';
    const { dayRows } = spec;
    const [[[series], ...others], kept] = await Promise.all([Promise.all([
      this.client.query(text),
      ...scanned.map((status) => this.client.query(
        `SELECT COUNT(${ident('status')}) FROM ${ident(measurement)}${whereClause(undefined, range, { anyStatus: [status] })}${grouped}`)),
      ...valued.map((field) => this.client.query(`SELECT ${ident(field)} FROM ${ident(measurement)}${whereClause(undefined, range)}${byTags}`)),
    ]), dayRows ? this.client.query(dayRowsSourceQuery(measurement, dayRows, range)).then(([s]) => dayRowsPoints(measurement, dayRows, s)) : []]);
    const counts = new Map(scanned.map((status, i) => [status, countsByGrain(spec, others[i][0])]));
    const values = new Map(valued.map((field, i) => [field, valuesByGrain(spec, GRAIN_MS[finest], others[scanned.length + i][0])]));
    const finestPoints = series.flatMap((s) => rollupPoints(measurement, spec, s, counts, derived, values));
    const levels = rollupLevels(spec).filter(({ grain, scope }) => grain !== finest || scope !== 'tagged');
    const points: InternalPoint[] = [...finestPoints, ...levels.flatMap(({ grain, scope }) => coarserPoints(measurement, spec, finestPoints, grain, scope)), ...kept];
    for (const { day, w } of days) points.push({ measurement: ROLLED, key: '', timeMs: day, tags: { m: measurement }, fields: { w } });
    await this.writePoints(points);
  }

  /**
   * At the store's start: a rolled-up measurement that has no points yet has no earlier days
   * to mark, which the index alone tells (SHOW MEASUREMENTS); the lazy check below would
   * otherwise scan every point once the first writes are in.
   */
  async open(): Promise<void> {
    const statements = [`SELECT ${ident('w')} FROM ${ident(MARKED_SINCE)} GROUP BY ${ident('m')}`, 'SHOW MEASUREMENTS'];
    // Both in one request tells whether the server takes several statements a request: 3.x
    // refuses it (or could answer the first alone), and then each goes in a request of its own.
    // Any failure means one a request: if the server is down, those requests say so.
    const together = await this.client.query(statements.join('; ')).catch(() => undefined);
    this.multiStatement = together?.length === 2;
    const [marked, measurements] = this.multiStatement ? together! : await Promise.all(statements.map(async (statement) => (await this.client.query(statement))[0]));
    const existing = new Set((measurements[0]?.values ?? []).map(([name]) => String(name)));
    for (const series of marked) this.marked.add(series.tags?.m as Measurement);
    const empty = (Object.keys(RollupSpecs) as Measurement[]).filter((m) => !this.marked.has(m) && !existing.has(m));
    const w = `empty-${Date.now()}`;
    await this.writePoints(empty.map((m) => ({ measurement: MARKED_SINCE, key: '', timeMs: 0, tags: { m }, fields: { w } })));
    empty.forEach((m) => this.marked.add(m));
  }

  /**
   * A database written before rollups existed has raw days without marks: once per
   * measurement, every day that has raw points gets a mark, then MARKED_SINCE says so.
   */
  private async markEarlierDays(measurement: Measurement): Promise<void> {
    if (this.marked.has(measurement)) return;
    const m = `${ident('m')} = ${literal(measurement)}`;
    const [[since]] = await this.client.query(`SELECT ${ident('w')} FROM ${ident(MARKED_SINCE)} WHERE ${m}`);
    if (!since) {
      const [days] = await this.client.query(
        `SELECT COUNT(${ident('id')}) FROM ${ident(measurement)} WHERE time >= 0 AND time < ${END_OF_TIME}ms GROUP BY time(1d) fill(none)`);
      const w = `earlier-${Date.now()}`;
      const points: InternalPoint[] = (days[0]?.values ?? []).map(([t]) => ({ measurement: TOUCHED, key: '', timeMs: Number(t), tags: { m: measurement }, fields: { w } }));
      points.push({ measurement: MARKED_SINCE, key: '', timeMs: 0, tags: { m: measurement }, fields: { w } });
      await this.writePoints(points);
    }
    this.marked.add(measurement);
  }

  private async writePoints(points: InternalPoint[]): Promise<void> {
    if (points.length === 0) return;
    for (let i = 0; i < points.length; i += WRITE_LINES) {
      const out = new LineBuffer();
      for (const point of points.slice(i, i + WRITE_LINES)) {
        writeLine(out, point);
        out.byte(0x0a);
      }
      await this.client.write(out.bytes.subarray(0, out.length));
    }
  }
}

/** The raw aggregates a rollup point holds, named as its fields. */
function rollupColumns(spec: RollupSpec): Array<{ name: string; expression: string }> {
  return [
    ...spec.counted.map((field) => ({ name: rollupField('count', field), expression: `COUNT(${ident(field)})` })),
    ...spec.summed.map((field) => ({ name: rollupField('sum', field), expression: `SUM(${ident(field)})` })),
    ...(spec.maxed ?? []).map((field) => ({ name: rollupField('max', field), expression: `MAX(${ident(field)})` })),
    ...(spec.mined ?? []).map((field) => ({ name: rollupField('min', field), expression: `MIN(${ident(field)})` })),
  ];
}

/** A grain of a rollup series: its start and its tag values as InfluxDB returned them. */
const grainKey = (spec: RollupSpec, series: Series, time: unknown) => JSON.stringify([Number(time), ...spec.tags.map((tag) => series.tags?.[tag] ?? '')]);

/** Per grain of each series, the values of a field, as they are read (in time order). */
function valuesByGrain(spec: RollupSpec, grainMs: number, series: Series[]): Map<string, number[]> {
  const byGrain = new Map<string, number[]>();
  for (const s of series) {
    for (const [time, value] of s.values) {
      if (value === null || value === undefined) continue;
      const key = grainKey(spec, s, Math.floor(Number(time) / grainMs) * grainMs);
      const list = byGrain.get(key);
      if (list) list.push(Number(value));
      else byGrain.set(key, [Number(value)]);
    }
  }
  return byGrain;
}

/** Per grain of each series, the count a status query returned. */
function countsByGrain(spec: RollupSpec, series: Series[]): Map<string, number> {
  return new Map(series.flatMap((s) => s.values.map((values) => [grainKey(spec, s, values[0]), Number(values[1])] as const)));
}

/**
 * The rollup points of a series of grains: its counts and sums, and the status counts (0 where
 * no point had the status; the derived status is the points, count(id), less the others).
 */
function rollupPoints(measurement: Measurement, spec: RollupSpec, series: Series, statusCounts: Map<string, Map<string, number>>, derived: string | undefined,
  valuesOf: Map<string, Map<string, number[]>>): InternalPoint[] {
  const tags = Object.fromEntries(spec.tags.map((tag) => [tag, decodeTagValue(series.tags?.[tag] ?? '')]).filter(([, v]) => v !== ''));
  return series.values.map((values) => {
    const fields: Record<string, number | string> = {};
    // A field with no values in the grain is left out, as the raw aggregate over it is null.
    series.columns.forEach((column, i) => { if (i > 0 && values[i] !== null && values[i] !== undefined) fields[column] = Number(values[i]); });
    const key = grainKey(spec, series, values[0]);
    let counted = 0;
    for (const [status, byGrain] of statusCounts) {
      const count = byGrain.get(key) ?? 0;
      fields[rollupField('sum', statusField(status))] = count;
      counted += count;
    }
    if (derived) fields[rollupField('sum', statusField(derived))] = Number(fields[rollupField('count', 'id')] ?? 0) - counted;
    for (const [field, byGrain] of valuesOf) {
      const kept = byGrain.get(key);
      // Both read the same points, unless a write came between (the day is then stale again).
      if (kept && kept.length <= MAX_KEPT_VALUES && kept.length === fields[rollupField('count', field)]) fields[rollupField('values', field)] = kept.join(',');
    }
    return { measurement: rollupMeasurement(measurement, spec.grains[0]), key: '', timeMs: Number(values[0]), tags, fields };
  });
}

/**
 * The points of a coarser grain (or of a level's totals) from the finest ones: per grain and
 * tag values, counts and sums added, maxima the greatest, minima the least; a field no finer point has is left
 * out, as above.
 */
export function coarserPoints(measurement: Measurement, spec: RollupSpec, finest: readonly InternalPoint[], grain: Grain, scope: Scope = 'tagged'): InternalPoint[] {
  const grainMs = GRAIN_MS[grain];
  const tags = scope === 'total' ? [] : spec.tags;
  const kept: Record<string, (a: number, b: number) => number> = Object.fromEntries([
    ...(spec.maxed ?? []).map((field) => [rollupField('max', field), Math.max]),
    ...(spec.mined ?? []).map((field) => [rollupField('min', field), Math.min]),
  ]);
  const valued = new Set((spec.valued ?? []).map((field) => rollupField('values', field)));
  const points = new Map<string, InternalPoint & { fields: Record<string, number | string> }>();
  for (const point of finest) {
    const timeMs = Math.floor(point.timeMs / grainMs) * grainMs;
    const key = JSON.stringify([timeMs, ...tags.map((tag) => point.tags[tag] ?? '')]);
    const seen = points.get(key);
    if (!seen) {
      const kept = scope === 'total' ? {} : point.tags;
      points.set(key, { ...point, measurement: rollupMeasurement(measurement, grain, scope), timeMs, tags: kept, fields: { ...point.fields } as Record<string, number | string> });
      continue;
    }
    for (const [field, value] of Object.entries(point.fields) as Array<[string, number | string]>) {
      const known = seen.fields[field];
      if (valued.has(field)) seen.fields[field] = known === undefined ? value : `${known},${value}`;
      else seen.fields[field] = known === undefined ? value : (kept[field] ?? COMBINE.SUM)(Number(known), Number(value));
    }
  }
  // Values kept only where every finer point kept its own (all counted), and not too many.
  for (const point of points.values()) {
    for (const field of spec.valued ?? []) {
      const text = point.fields[rollupField('values', field)];
      const kept = typeof text === 'string' ? text.split(',').length : 0;
      if (kept !== point.fields[rollupField('count', field)] || kept > MAX_KEPT_VALUES) delete point.fields[rollupField('values', field)];
    }
  }
  return [...points.values()];
}

const dayOf = (t: unknown) => Math.floor(Number(t) / DAY_MS) * DAY_MS;

/** The days whose touch mark differs from the one their rollup recorded (marksQuery's answer). */
function staleOf(series: Series[]): StaleDay[] {
  const marks = (name: string) => series.find((s) => s.name === name)?.values ?? [];
  const done = new Map(marks(ROLLED).map(([t, w]) => [dayOf(t), w]));
  return marks(TOUCHED).filter(([t, w]) => done.get(dayOf(t)) !== w).map(([t, w]) => ({ day: dayOf(t), w: String(w) }));
}

/** Runs of consecutive days, at most DAYS_PER_QUERY each, so each run is one raw query. */
function contiguous<T extends { day: number }>(days: T[]): T[][] {
  const runs: T[][] = [];
  for (const entry of [...days].sort((a, b) => a.day - b.day)) {
    const run = runs[runs.length - 1];
    if (run && run.length < DAYS_PER_QUERY && entry.day === run[run.length - 1].day + DAY_MS) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}
