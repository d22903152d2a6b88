/**
 * The embedded store reads rows a chunk (2,048 rows) at a time, sharing one string per distinct
 * value (EmbeddedStore.rows): rows across several chunks come back complete, in order, with
 * every column's value, nulls included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore';
import { toPoint } from '../../src/store/points';
import { Event } from '../../../contract/events';
import { silentLogger } from '../support/stores';

const START = Date.UTC(2026, 0, 1);
const COUNT = 5_000;
const statuses = ['success', 'failure', 'timeout', 'cancelled'] as const;

describe('embedded store rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowmeter-rows-'));
  const store = new EmbeddedStore({ dataDir: dir, logger: silentLogger });
  const builds = Array.from({ length: COUNT }, (_, i) => ({
    kind: 'build', id: `b-${i}`, project: `p-${i % 7}`, status: statuses[i % 4], time: START + i * 1000,
    ...(i % 3 ? { service: `s-${i % 5}` } : {}), ...(i % 2 ? { duration: i / 10 } : {}),
  }));

  beforeAll(async () => {
    await store.open();
    // Written out of order: the rows must come back ordered by time whatever the insertion order.
    await store.write([...builds].reverse().map((b) => toPoint(Event.parse(b))));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns every row of several chunks, in order, with each column', async () => {
    const rows = await store.rows({ measurement: 'build', order: 'asc', columns: ['project', 'service', 'status', 'duration'] });
    expect(rows).toEqual(builds.map((b) => ({
      timeMs: b.time,
      values: { project: b.project, service: b.service ?? null, status: b.status, duration: b.duration ?? null },
    })));
  });

  it('keeps the order, limit and offset asked for', async () => {
    const rows = await store.rows({ measurement: 'build', where: { project: ['p-1', 'p-3', 'p-4', 'p-6'] }, order: 'desc', limit: 2500, offset: 10, columns: ['id'] });
    const expected = builds.filter((b) => ['p-1', 'p-3', 'p-4', 'p-6'].includes(b.project)).reverse().slice(10, 2510);
    expect(expected).toHaveLength(2500);
    expect(rows.map((r) => [r.timeMs, r.values.id])).toEqual(expected.map((b) => [b.time, b.id]));
  });
});
