/** Starts the real HTTP service on a free loopback port over a given store. */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Store } from '../../src/store/Store';
import { silentLogger } from './stores';

export interface RunningService {
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** env: FLOWMETER_* overrides (tokens, FLOWMETER_TZ, ...). */
export async function startService(store: Store, env: Record<string, string> = {}): Promise<RunningService> {
  const config = loadConfig({ FLOWMETER_HOST: '127.0.0.1', FLOWMETER_PORT: '0', ...env });
  const app = createApp({ config, store, logger: silentLogger });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends events through the real ingest endpoint; throws unless accepted. */
export async function ingest(url: string, events: unknown[], token?: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(events),
  });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}
