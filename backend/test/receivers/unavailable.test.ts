/**
 * A receiver whose store cannot take the events answers 503 with Retry-After, so that the sender
 * retries (redelivery changes nothing): at once when InfluxDB is unreachable, and after
 * STORE_DEADLINE_MS when it accepts the connection but never answers (GitHub gives a delivery 10 s).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../support/influxd';
import { silentLogger } from '../support/stores';
import { startService } from '../support/service';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { STORE_DEADLINE_MS } from '../../src/receivers/route';
import { deliver, githubExample, githubExamples } from './githubExamples';

jest.setTimeout(STORE_DEADLINE_MS + 15_000);

const SECRET = 'secret';

describe('GitHub receiver when the store cannot take the events', () => {
  it('answers 503 with Retry-After when InfluxDB is unreachable (a deploy\'s commit lookup too)', async () => {
    const store = new InfluxStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'nowhere', logger: silentLogger });
    const service = await startService(store, { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET });
    try {
      const run = await deliver(service.url, 'workflow_run', githubExample('workflow_run', 'completed', 1), SECRET);
      expect(run.status).toBe(503);
      expect(run.body.error).toMatch(/storage unavailable/);
      expect(Number(run.retryAfter)).toBeGreaterThan(0);
      const deploy = githubExamples('deployment_status').find((p) => p.deployment_status.state === 'success');
      expect((await deliver(service.url, 'deployment_status', deploy, SECRET)).status).toBe(503);
    } finally {
      await service.close();
      await store.close();
    }
  });

  it('answers 503 after the deadline when InfluxDB never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => { sockets.push(socket); }); // accepts, never answers
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    const store = new InfluxStore({ url: `http://127.0.0.1:${port}`, database: 'silent', logger: silentLogger });
    const service = await startService(store, { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET });
    try {
      const started = Date.now();
      const res = await fetch(`${service.url}/api/v1/webhooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=0' },
        body: '{}',
      });
      expect(res.status).toBe(401); // verification needs no store
      const run = await deliver(service.url, 'workflow_run', githubExample('workflow_run', 'completed', 1), SECRET);
      const waited = Date.now() - started;
      expect(run.status).toBe(503);
      expect(run.body.error).toBe(`the store did not take the events within ${STORE_DEADLINE_MS / 1000} s`);
      expect(Number(run.retryAfter)).toBeGreaterThan(0);
      expect(waited).toBeGreaterThanOrEqual(STORE_DEADLINE_MS - 100);
      expect(waited).toBeLessThan(10_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await service.close();
      await store.close().catch(() => undefined);
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
