/** Chooses and builds the store from the configuration. */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from './Store';
import { InfluxStore } from './influx/InfluxStore';
import { EmbeddedStore } from './embedded/EmbeddedStore';

export function createStore(config: Config, logger: Logger): Store {
  if (config.store === 'influx') {
    const { url, database, token, username, password, gzip, writeConcurrency } = config.influx;
    return new InfluxStore({ url: url!, database, token, username, password, gzip, writeConcurrency, logger });
  }
  return new EmbeddedStore({ dataDir: config.dataDir, logger });
}
