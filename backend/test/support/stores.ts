/**
 * Real stores for tests: a database of its own on the suite's influxd, or an embedded store in
 * a fresh temporary directory. `eachStore` runs a describe block once per engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Store } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore';

export const silentLogger = pino({ level: 'silent' });

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now()}_${++counter}`;

export function influxUrl(): string {
  const url = process.env.FLOWMETER_TEST_INFLUX_URL;
  if (!url) throw new Error('FLOWMETER_TEST_INFLUX_URL is not set: run the tests through jest (globalSetup starts influxd)');
  return url;
}

export interface TestStore {
  store: Store;
  /** Closes the store and removes its data. */
  dispose(): Promise<void>;
}

/**
 * options: e.g. `{ gzip: false }` (the default client gzips; the service does so only over https).
 * The result cache is on, as in the service by default, so every suite run on this store checks
 * that it never serves an answer a write changed.
 */
export async function openInfluxStore(options: { gzip?: boolean } = {}): Promise<TestStore> {
  const database = uniqueName('flowmeter_test');
  const store = new InfluxStore({ url: influxUrl(), database, logger: silentLogger, cache: { maxEntries: 1000, maxBytes: 32 * 1024 ** 2 }, ...options });
  await store.open();
  return {
    store,
    async dispose() {
      await store.close();
      await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${database}"`)}`, { method: 'POST' });
    },
  };
}

export async function openEmbeddedStore(dataDir = mkdtempSync(join(tmpdir(), 'flowmeter-embedded-'))): Promise<TestStore> {
  const store = new EmbeddedStore({ dataDir, logger: silentLogger });
  await store.open();
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const engines = [
  ['influx', openInfluxStore],
  ['embedded', openEmbeddedStore],
] as const;

/** Runs the block against each real engine; `get()` gives the current store inside tests. */
export function eachStore(name: string, block: (get: () => Store) => void): void {
  describe.each(engines)(`${name} [%s store]`, (_engine, open) => {
    let current: TestStore;
    beforeAll(async () => { current = await open(); });
    afterAll(async () => { await current?.dispose(); });
    block(() => current.store);
  });
}
