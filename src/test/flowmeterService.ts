/**
 * The real Flowmeter services the plugin's tests talk to, started once by the plugin project's
 * globalSetup (in jest's own Node process; the tests run in jsdom) and named by env variables:
 * - FLOWMETER_PLUGIN_TEST_URL: embedded store, read/ingest tokens, src/test/dataset.ts ingested;
 * - FLOWMETER_PLUGIN_TEST_STORE_DOWN_URL: a service whose InfluxDB does not answer (health 503);
 * - FLOWMETER_PLUGIN_TEST_CLOSED_URL: a port nothing listens on;
 * - FLOWMETER_PLUGIN_TEST_GRAFANA_URL: a stand-in of Grafana's server running the built plugin
 *   executable (pkg/test/grafanaServer.ts), which the plugin's DataSource talks to;
 * - FLOWMETER_PLUGIN_TEST_GRAFANA_NO_BACKEND_URL: the same with no plugin process running.
 */
import { freePort } from '../../backend/test/support/influxd';
import { ingest, startService } from '../../backend/test/support/service';
import { openEmbeddedStore, silentLogger } from '../../backend/test/support/stores';
import { InfluxStore } from '../../backend/src/store/influx/InfluxStore';
import { startGrafanaServer } from '../../pkg/test/grafanaServer';
import { dataset } from './dataset';

export const READ_TOKEN = 'read-secret';
export const INGEST_TOKEN = 'ingest-secret';

const ENV = {
  url: 'FLOWMETER_PLUGIN_TEST_URL', storeDown: 'FLOWMETER_PLUGIN_TEST_STORE_DOWN_URL', closed: 'FLOWMETER_PLUGIN_TEST_CLOSED_URL',
  grafana: 'FLOWMETER_PLUGIN_TEST_GRAFANA_URL', grafanaWithoutBackend: 'FLOWMETER_PLUGIN_TEST_GRAFANA_NO_BACKEND_URL',
} as const;

/** URLs of the running test services (inside a test). */
export function testServices(): Record<keyof typeof ENV, string> {
  const read = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set: run the tests through jest (the plugin project's globalSetup starts the service)`); })();
  return Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, read(name)])) as Record<keyof typeof ENV, string>;
}

/** Starts them; returns how to stop them (globalSetup / globalTeardown). */
export async function startTestServices(): Promise<() => Promise<void>> {
  const env = { FLOWMETER_READ_TOKENS: `grafana=${READ_TOKEN}`, FLOWMETER_INGEST_TOKENS: INGEST_TOKEN, FLOWMETER_TZ: 'UTC' };
  const embedded = await openEmbeddedStore();
  const service = await startService(embedded.store, env);
  await ingest(service.url, dataset, INGEST_TOKEN);

  const deadInflux = new InfluxStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'nowhere', logger: silentLogger });
  const storeDown = await startService(deadInflux, env);

  process.env[ENV.url] = service.url;
  process.env[ENV.storeDown] = storeDown.url;
  process.env[ENV.closed] = `http://127.0.0.1:${await freePort()}`;
  const grafana = await startGrafanaServer();
  const grafanaWithoutBackend = await startGrafanaServer({ plugin: false });
  process.env[ENV.grafana] = grafana.url;
  process.env[ENV.grafanaWithoutBackend] = grafanaWithoutBackend.url;
  return async () => {
    await Promise.all([grafana.close(), grafanaWithoutBackend.close()]);
    await Promise.all([service.close(), storeDown.close()]);
    await Promise.all([embedded.dispose(), deadInflux.close()]);
  };
}
