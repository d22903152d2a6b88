/**
 * Storage down: ingest answers 503 with Retry-After and acknowledges nothing; health says so.
 */
import { freePort } from '../support/influxd';
import { silentLogger } from '../support/stores';
import { startService } from '../support/service';
import { InfluxStore } from '../../src/store/influx/InfluxStore';

describe('when InfluxDB is unreachable', () => {
  it('answers 503 with Retry-After on ingest and on health', async () => {
    const store = new InfluxStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'nowhere', logger: silentLogger });
    const service = await startService(store);
    try {
      const res = await fetch(`${service.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'build', project: 'p', status: 'success', time: 1_700_000_000 }),
      });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error).toMatch(/storage unavailable/);

      const health = await fetch(`${service.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', store: { kind: 'influx', ok: false } });
    } finally {
      await service.close();
      await store.close();
    }
  });
});
