/**
 * The embedded store's day buckets are arithmetic on time_ms (sql.ts, dayBucketSql): one branch
 * per run of 24-hour days. Each point must land in the local day that holds it, also on the
 * 23- and 25-hour days of daylight saving time and in zones half an hour off UTC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore';
import { dayBucketSql } from '../../src/store/embedded/sql';
import { toPoint } from '../../src/store/points';
import { startOfDay } from '../../src/time/calendar';
import { Event } from '../../../contract/events';
import { silentLogger } from '../support/stores';

const HOUR = 3_600_000;
// Around Berlin's and New York's changes of 2026: 29 March and 25 October, 8 March and 1 November.
const FROM = Date.UTC(2026, 2, 1);
const TO = Date.UTC(2026, 10, 10);

describe('embedded store day buckets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowmeter-days-'));
  const store = new EmbeddedStore({ dataDir: dir, logger: silentLogger });
  // A point every 37 minutes over the span: every hour of every day, the changes' hours included.
  const times = Array.from({ length: Math.floor((TO - FROM) / (37 * 60_000)) }, (_, i) => FROM + i * 37 * 60_000);

  beforeAll(async () => {
    await store.open();
    await store.write(times.map((t, i) => toPoint(Event.parse({ kind: 'build', id: `b-${i}`, project: 'p', status: 'success', time: t }))));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])('counts each point in its local day (%s)', async (tz) => {
    const range = { fromMs: FROM + 5 * HOUR, toMs: TO - 7 * HOUR };
    const expected = new Map<number, number>();
    for (const t of times) if (t >= range.fromMs && t < range.toMs) expected.set(startOfDay(t, tz), (expected.get(startOfDay(t, tz)) ?? 0) + 1);
    const rows = await store.aggregate({ measurement: 'build', range, bucket: { unit: 'day', tz }, select: { n: { fn: 'count', field: 'id' } } });
    expect(new Map(rows.map((r) => [r.bucketMs!, r.values.n]))).toEqual(expected);
  });

  it('is one branch in UTC and a branch per run of 24-hour days where the clocks change', () => {
    const range = { fromMs: FROM, toMs: TO };
    expect(dayBucketSql(range, 'UTC')).not.toContain('CASE');
    // Berlin: 24-hour days, the 23-hour day, 24-hour days, the 25-hour day, 24-hour days.
    expect(dayBucketSql(range, 'Europe/Berlin').match(/WHEN/g)).toHaveLength(4);
  });
});
