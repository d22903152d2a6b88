/** Chooses and builds the store from the configuration. */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from './Store';
import { InfluxStore } from './influx/InfluxStore';

/** The embedded engine is loaded only when chosen: its native library costs ~25 MB of memory. */
export async function createStore(config: Config, logger: Logger): Promise<Store> {
  if (config.store === 'influx') {
    const { url, database, token, username, password, gzip, writeConcurrency, cache } = config.influx;
    return new InfluxStore({ url: url!, database, token, username, password, gzip, writeConcurrency, cache, logger });
  }
  const { EmbeddedStore } = await import('./embedded/EmbeddedStore');
  return new EmbeddedStore({ dataDir: config.dataDir, memoryLimit: config.embeddedMemoryLimit, logger });
}
