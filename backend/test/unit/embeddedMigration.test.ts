/**
 * An embedded data directory from before a column was added (deploy.lead_time) opens, gains it,
 * and answers with it; one from before the key index was dropped (key PRIMARY KEY) opens without
 * it, keeps its rows, and a re-sent event still replaces its row.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore';
import { createTable } from '../../src/store/embedded/sql';
import { toPoint } from '../../src/store/points';
import { Event } from '../../../contract/events';
import { silentLogger } from '../support/stores';

const primaryKeys = async (connection: DuckDBConnection) =>
  (await connection.runAndReadAll(`SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name = 'build' AND constraint_type = 'PRIMARY KEY'`)).getRowObjectsJS()[0].n;

describe('embedded store schema migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowmeter-migration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a missing column on open and keeps the rows already there', async () => {
    const deploy = (id: string, commitHoursBefore: number) => toPoint(Event.parse({ kind: 'deploy', id, project: 'p', env: 'prod', status: 'success', time: 1_800_000_000, commit_time: 1_800_000_000 - commitHoursBefore * 3600 }));
    let store = new EmbeddedStore({ dataDir: dir, logger: silentLogger });
    await store.open();
    await store.write([deploy('old', 1)]);
    await store.close();

    // Make it an older data directory: the table without the column added since.
    const files = readdirSync(dir).filter((f) => !f.endsWith('.wal'));
    const db = await DuckDBInstance.create(join(dir, files[0]));
    const connection = await db.connect();
    await connection.run('ALTER TABLE "deploy" DROP COLUMN "lead_time"');
    const columns = async () => (await (await connection.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 'deploy'`)).getRowObjects()).map((r) => r.column_name);
    expect(await columns()).not.toContain('lead_time');
    connection.closeSync();
    db.closeSync();

    store = new EmbeddedStore({ dataDir: dir, logger: silentLogger });
    await store.open();
    await store.write([deploy('new', 2)]);
    const [row] = await store.aggregate({ measurement: 'deploy', select: { n: { fn: 'count', field: 'id' }, lead: { fn: 'max', field: 'lead_time' }, timed: { fn: 'count', field: 'lead_time' } } });
    expect(row.values).toEqual({ n: 2, lead: 7200, timed: 1 });
    await store.close();
  });

  it('drops the key index of an older data directory, keeping its rows and replacing by key', async () => {
    const keyed = mkdtempSync(join(tmpdir(), 'flowmeter-migration-'));
    const build = (status: string) => toPoint(Event.parse({ kind: 'build', id: 'b-1', project: 'p', status, time: 1_800_000_000 }));
    try {
      const db = await DuckDBInstance.create(join(keyed, 'flowmeter.duckdb'));
      const connection = await db.connect();
      // The table as older versions created it: the key a PRIMARY KEY.
      await connection.run(createTable('build').replace('"key" VARCHAR', '"key" VARCHAR PRIMARY KEY'));
      await connection.run(`INSERT INTO "build" ("key", time_ms, project, id, status) VALUES ('b-0', 1800000000000, 'p', 'b-0', 'success'), ('b-1', 1800000000000, 'p', 'b-1', 'failure')`);
      expect(await primaryKeys(connection)).toBe(1n);
      connection.closeSync();
      db.closeSync();

      const store = new EmbeddedStore({ dataDir: keyed, logger: silentLogger });
      await store.open();
      await store.write([build('success')]);
      const [row] = await store.aggregate({ measurement: 'build', select: { n: { fn: 'count', field: 'id' }, ok: { fn: 'sum', field: 'n_success' } } });
      // b-0 kept, b-1 replaced (one row, now a success; b-0's n_success was never written).
      expect(row.values).toEqual({ n: 2, ok: 1 });
      await store.close();

      const reopened = await DuckDBInstance.create(join(keyed, 'flowmeter.duckdb'));
      const check = await reopened.connect();
      expect(await primaryKeys(check)).toBe(0n);
      check.closeSync();
      reopened.closeSync();
    } finally {
      rmSync(keyed, { recursive: true, force: true });
    }
  });
});
