/**
 * The embedded store: DuckDB in-process, persisted to FLOWMETER_DATA_DIR. DuckDB is a columnar
 * analytical engine with time zones (ICU) and exact aggregates built in, so statistics are
 * pushed into SQL just as the InfluxDB store pushes them into InfluxQL.
 *
 * Writes: concurrent write() calls are grouped (group commit). Each group is appended to
 * in-memory staging tables, then moved into the real tables by one transaction that keeps the
 * last point per key (upsert: the group's keys deleted, then inserted); write() resolves after
 * COMMIT, which DuckDB makes durable in its write-ahead log.
 *
 * Memory (README, Benchmark): DuckDB's buffer cache is bounded by memoryLimit, one thread
 * works (a second doubles the operators' working memory for little on a shared machine),
 * insertion order is not preserved (statistics never rely on it), and what a query cannot
 * hold spills to a temp directory beside the database.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBResult } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { Point } from '../points';
import { Measurements, type Measurement } from '../schema';
import {
  StoreUnavailableError,
  type AggregateQuery, type AggregateRow, type Row, type RowsQuery, type Store, type StoreHealth, type StoreQuery, type TagFilter,
} from '../Store';
import {
  aggregateStatement, columnsOf, countStatement, createTable, ident, matchesNothing, rowsStatement, tagValuesStatement,
  type Statement,
} from './sql';
import { appendPoints } from './staging';

export interface EmbeddedStoreOptions {
  dataDir: string;
  logger: Logger;
  /** DuckDB's memory_limit, e.g. '32MB' (beyond it DuckDB evicts cached blocks or spills). */
  memoryLimit?: string;
}

interface Pending {
  points: readonly Point[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private instance: DuckDBInstance | undefined;
  private writer: DuckDBConnection | undefined;
  private reader: DuckDBConnection | undefined;
  /** The engine's version, read at open. */
  private version = '';
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly file: string;
  private readonly logger: Logger;

  constructor(private readonly options: EmbeddedStoreOptions) {
    this.file = join(resolve(options.dataDir), 'flowmeter.duckdb');
    this.logger = options.logger.child({ store: 'embedded', file: this.file });
  }

  async open(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    try {
      // DuckDB caches up to 80% of the machine's memory by default; a service shares the machine.
      this.instance = await DuckDBInstance.create(this.file, {
        memory_limit: this.options.memoryLimit ?? '32MB',
        threads: '1',
        preserve_insertion_order: 'false',
        temp_directory: join(resolve(this.options.dataDir), 'spill'),
      });
    } catch (err) {
      const message = (err as Error).message;
      if (/lock/i.test(message)) {
        throw new Error(`the data directory ${resolve(this.options.dataDir)} is in use by another Flowmeter process ` +
          `(only one process may write it; stop the other or set FLOWMETER_DATA_DIR): ${message}`, { cause: err });
      }
      throw err;
    }
    this.writer = await this.instance.connect();
    this.reader = await this.instance.connect();
    this.version = String((await this.reader.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v);
    for (const measurement of Object.keys(Measurements) as Measurement[]) {
      await this.writer.run(createTable(measurement));
      // A data directory from an older version lacks columns added since (appended, in schema order).
      for (const { name, type } of columnsOf(measurement)) await this.writer.run(`ALTER TABLE ${ident(measurement)} ADD COLUMN IF NOT EXISTS ${ident(name)} ${type}`);
      await this.dropKeyIndex(measurement);
    }
    this.logger.info('embedded store open');
  }

  write(source: Iterable<Point>): Promise<void> {
    if (!this.writer) return Promise.reject(new StoreUnavailableError('the embedded store is not open'));
    let points: Point[];
    try {
      points = [...source];
    } catch (err) {
      return Promise.reject(err);
    }
    if (points.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ points, resolve, reject }));
    this.flushing ??= this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, this.queue.length);
        try {
          await this.commit(group.flatMap((p) => p.points));
          group.forEach((p) => p.resolve());
        } catch (err) {
          group.forEach((p) => p.reject(new StoreUnavailableError(`embedded store write failed: ${(err as Error).message}`, err)));
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** One transaction for the whole group; within it, the last point per key wins. */
  private async commit(points: readonly Point[]): Promise<void> {
    const db = this.writer!;
    const byMeasurement = new Map<Measurement, Point[]>();
    for (const point of points) {
      const list = byMeasurement.get(point.measurement) ?? [];
      list.push(point);
      byMeasurement.set(point.measurement, list);
    }
    try {
      for (const [measurement, list] of byMeasurement) {
        // A staging table for this group only: rows deleted from a temporary table keep their
        // memory (~100 MB of the cache after a million points; it is never checkpointed), a
        // dropped one frees it.
        await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(stagingTable(measurement))} AS SELECT *, 0::BIGINT AS __seq FROM ${ident(measurement)} LIMIT 0`);
        await appendPoints(db, stagingTable(measurement), measurement, list);
      }
      await this.replaceFromStaging([...byMeasurement.keys()]);
    } finally {
      for (const measurement of byMeasurement.keys()) await db.run(`DROP TABLE IF EXISTS temp.${ident(stagingTable(measurement))}`);
    }
  }

  /** Moves the staged points into their tables in one transaction, the last point per key winning. */
  private async replaceFromStaging(measurements: readonly Measurement[]): Promise<void> {
    const db = this.writer!;
    await db.run('BEGIN TRANSACTION');
    try {
      for (const measurement of measurements) {
        const columns = columnsOf(measurement).map((c) => ident(c.name)).join(', ');
        const staging = ident(stagingTable(measurement));
        await db.run(`DELETE FROM ${ident(measurement)} WHERE key IN (SELECT key FROM ${staging})`);
        await db.run(`INSERT INTO ${ident(measurement)} (${columns}) SELECT ${columns} FROM ${staging} ` +
          'QUALIFY row_number() OVER (PARTITION BY key ORDER BY __seq DESC) = 1');
      }
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Data directories written before the key index was dropped (sql.ts, createTable) have it as a
   * PRIMARY KEY, which DuckDB cannot drop: the table is copied without it, in one transaction.
   */
  private async dropKeyIndex(measurement: Measurement): Promise<void> {
    const db = this.writer!;
    const indexed = await db.runAndReadAll(
      "SELECT 1 FROM duckdb_constraints() WHERE table_name = $1 AND constraint_type = 'PRIMARY KEY'", [measurement]);
    if (!indexed.getRows().length) return;
    const [table, copy] = [ident(measurement), ident(`${measurement}__copy`)];
    const columns = columnsOf(measurement).map((c) => ident(c.name)).join(', ');
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`DROP TABLE IF EXISTS ${copy}`);
      await db.run(createTable(measurement, `${measurement}__copy`));
      await db.run(`INSERT INTO ${copy} (${columns}) SELECT ${columns} FROM ${table}`);
      await db.run(`DROP TABLE ${table}`);
      await db.run(`ALTER TABLE ${copy} RENAME TO ${table}`);
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    this.logger.info({ measurement }, 'embedded store: key index dropped (one-time copy of the table)');
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    if (matchesNothing(query.where)) return [];
    const rows = await this.select(aggregateStatement(query));
    const names = Object.keys(query.select);
    return rows.filter((row) => Number(row.__n) > 0).map((row) => {
      const group = Object.fromEntries((query.groupBy ?? []).map((tag, i) => [tag, String(row[`__g${i}`])]));
      const values = Object.fromEntries(names.map((name) => [name, row[name] === null ? null : Number(row[name])]));
      return query.bucket ? { bucketMs: Number(row.__bucket), group, values } : { group, values };
    });
  }

  async rows(query: RowsQuery): Promise<Row[]> {
    const rows: Row[] = [];
    await this.scan(query, (row) => rows.push(row));
    return rows;
  }

  async scan(query: RowsQuery, each: (row: Row) => void): Promise<void> {
    if (matchesNothing(query.where) || query.anyFlag?.length === 0) return;
    if (!this.reader) throw new StoreUnavailableError('the embedded store is not open');
    const statement = rowsStatement(query);
    // Streamed a chunk (2,048 rows) at a time, one string per distinct value: DuckDB's
    // materialized result of DORA's ~330,000 deploys at 10M events took ~55 MB outside its
    // memory limit, and row objects of every column with a string per value ~170 MB of heap
    // (README, Benchmark); scan() holds neither, rows() only the row objects.
    // On a connection of its own: a stream ends when its connection runs another query.
    const connection = await this.instance!.connect();
    try {
      await readRows(await connection.stream(statement.text, statement.params), query.columns, each);
    } finally {
      connection.closeSync();
    }
  }

  async count(query: Pick<RowsQuery, 'measurement' | 'where' | 'range'>): Promise<number> {
    if (matchesNothing(query.where)) return 0;
    const [row] = await this.select(countStatement(query));
    return Number(row.n);
  }

  async tagValues(measurement: Measurement, tag: string, where?: TagFilter): Promise<string[]> {
    if (matchesNothing(where)) return [];
    const rows = await this.select(tagValuesStatement(measurement, tag, where));
    return rows.map((row) => String(row.v)).sort();
  }

  /**
   * An engine in this process is available while it is open. No query: a health check must not
   * wait for the libuv threads and the reader connection that queries are holding.
   */
  async health(): Promise<StoreHealth> {
    return this.reader ? { ok: true, engine: `duckdb ${this.version}` } : { ok: false, engine: 'duckdb', detail: 'the embedded store is not open' };
  }

  explain(query: StoreQuery): string {
    const { text, params } = 'aggregate' in query ? aggregateStatement(query.aggregate) : rowsStatement(query.rows);
    return `${text} -- parameters: ${JSON.stringify(params)}`;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    const instance = this.instance;
    this.writer?.closeSync();
    this.reader?.closeSync();
    this.writer = this.reader = this.instance = undefined;
    instance?.closeSync();
  }

  private async select(statement: Statement): Promise<Record<string, unknown>[]> {
    if (!this.reader) throw new StoreUnavailableError('the embedded store is not open');
    const reader = await this.reader.runAndReadAll(statement.text, statement.params);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }
}

/** Hands each row of a streamed result to `each`, a chunk at a time. */
async function readRows(result: DuckDBResult, columnNames: readonly string[], each: (row: Row) => void): Promise<void> {
  const strings = new Map<string, string>();
  const value = (v: unknown): Row['values'][string] => {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v !== 'string') return (v as Row['values'][string]) ?? null;
    const known = strings.get(v);
    if (known !== undefined) return known;
    if (strings.size < 10_000) strings.set(v, v);
    return v;
  };
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [times, ...columns] = chunk.getColumns();
    for (let r = 0; r < chunk.rowCount; r++) {
      const values: Record<string, Row['values'][string]> = {};
      columnNames.forEach((c, i) => { values[c] = value(columns[i][r]); });
      each({ timeMs: Number(times[r]), values });
    }
  }
}

const stagingTable = (measurement: Measurement) => `staging_${measurement}`;
