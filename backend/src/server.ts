/**
 * Entry point: configuration -> store -> HTTP. Stops gracefully on SIGTERM/SIGINT: no new
 * connections, in-flight requests finish, queued writes are flushed, then the store closes.
 */
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import { checkListenAddress, ConfigError, configuredSecrets, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createStore } from './store';
import { StoreUnavailableError, type Store } from './store/Store';
import { createApp } from './app';
import { VERSION } from './version';

const STARTUP_TIMEOUT_MS = Number(process.env.FLOWMETER_STARTUP_TIMEOUT_MS ?? 60_000);
const SHUTDOWN_TIMEOUT_MS = Number(process.env.FLOWMETER_SHUTDOWN_TIMEOUT_MS ?? 15_000);

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
    await checkListenAddress(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`flowmeter: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, configuredSecrets(config));
  const store = await createStore(config, logger);
  await openWithRetry(store, logger);

  const app = createApp({ config, store, logger });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  logger.info({ version: VERSION, address: server.address(), store: config.store, timeZone: config.timeZone }, 'flowmeter listening');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(server, store, logger, signal));
  }
}

/** InfluxDB may start after us (docker compose): wait for it rather than fail at once. */
async function openWithRetry(store: Store, logger: Logger): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await store.open();
      return;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) || Date.now() > deadline) throw err;
      logger.warn({ attempt, err: err.message }, 'store unavailable at start; retrying');
      await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
    }
  }
}

async function shutdown(server: Server, store: Store, logger: Logger, signal: string): Promise<void> {
  startWatchdog(SHUTDOWN_TIMEOUT_MS);
  let code = 0;
  try {
    logger.info({ signal }, 'shutting down');
    server.closeIdleConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    logger.info('stopped');
  } catch (err) {
    code = 1;
    process.stderr.write(`flowmeter: shutdown failed: ${(err as Error).message}\n`);
  }
  process.exit(code);
}

/**
 * The deadline holds whatever blocks the main thread: a timer exits at the deadline, and, in
 * case the main thread never gets back to run it (a write stuck on a blocking pipe whose
 * reader stopped reading), a worker thread kills the process shortly after.
 */
function startWatchdog(ms: number): void {
  setTimeout(() => {
    process.stderr.write('flowmeter: shutdown timed out; exiting\n');
    process.exit(1);
  }, ms).unref();
  const backstop = new Worker(`setTimeout(() => process.kill(${process.pid}, 'SIGKILL'), ${ms + 2000});`, { eval: true });
  backstop.unref();
}

main().catch((err) => {
  process.stderr.write(`flowmeter: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
