/** An embedded data directory from before a column was added (deploy.lead_time) opens, gains it, and answers with it. */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore';
import { toPoint } from '../../src/store/points';
import { Event } from '../../../contract/events';
import { silentLogger } from '../support/stores';

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
});
