/**
 * InfluxDB 1.x with authentication, set up as docker-compose's influxdb image does it: an admin,
 * the database, and a non-admin user with ALL on it. The service starts with that user (which may
 * not CREATE DATABASE), writes and reads; wrong credentials stop it with a clear error.
 */
import { startInfluxd, type RunningInfluxd } from '../support/influxd';
import { silentLogger } from '../support/stores';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { StoreUnavailableError } from '../../src/store/Store';
import { ingest, startService } from '../support/service';

describe('InfluxDB with authentication (non-admin user)', () => {
  let influxd: RunningInfluxd;
  const admin = async (q: string, auth = 'admin:admin-pw') => {
    const res = await fetch(`${influxd.url}/query`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ q }).toString() });
    // InfluxDB 1.x sends its 200 before it runs the statement and reports a failure in the body:
    // reading the body is what waits for the statement (a user creation hashes its password with
    // bcrypt, so the next statement could otherwise arrive before the user exists and get a 403).
    const body = await res.text();
    const results = res.status === 200 ? (JSON.parse(body) as { results: Array<{ error?: string }> }).results.map((r) => r.error ?? 'ok') : [body];
    expect([q, res.status, results]).toEqual([q, 200, ['ok']]);
  };

  beforeAll(async () => {
    influxd = await startInfluxd(undefined, { auth: true });
    await admin("CREATE USER admin WITH PASSWORD 'admin-pw' WITH ALL PRIVILEGES", 'nobody:none');
    await admin('CREATE DATABASE flowmeter');
    await admin("CREATE USER flowmeter WITH PASSWORD 'fm-pw'");
    await admin('GRANT ALL ON flowmeter TO flowmeter');
  }, 60_000);
  afterAll(async () => { await influxd?.stop(); });

  it('opens, ingests and answers as the non-admin user', async () => {
    const store = new InfluxStore({ url: influxd.url, database: 'flowmeter', username: 'flowmeter', password: 'fm-pw', logger: silentLogger });
    await store.open();
    const service = await startService(store);
    await ingest(service.url, [{ kind: 'build', project: 'p', status: 'failure', time: '2026-05-04T10:00:00Z' }]);
    const res = await fetch(`${service.url}/openapi/statistics/build?startDate=${Date.parse('2026-05-04T00:00:00Z') / 1000}&endDate=${Date.parse('2026-05-04T23:00:00Z') / 1000}`);
    expect((await res.json()).data).toEqual([{ date: '2026-05-04', success: 0, failure: 1, total: 1 }]);
    await service.close();
    await store.close();
  });

  it('refuses to open with a wrong password', async () => {
    const store = new InfluxStore({ url: influxd.url, database: 'flowmeter', username: 'flowmeter', password: 'wrong', logger: silentLogger });
    await expect(store.open()).rejects.toThrow(StoreUnavailableError);
    await expect(store.open()).rejects.toThrow(/401/);
  });
});
