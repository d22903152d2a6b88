/**
 * The plugin's backend, as Grafana's plugin host starts it (hashicorp/go-plugin over gRPC): check
 * the host's handshake environment, serve, write the handshake line as the first line on stdout,
 * then run until the host calls Shutdown, sends SIGTERM, or dies.
 */
import { checkHost, handshakeLine, HandshakeError } from './plugin/handshake';
import { hclogLine, hclogLogger, levelFrom } from './plugin/log';
import { startServer } from './plugin/server';

/** How often to look whether the host is still our parent (a dead parent re-parents us). */
const PARENT_POLL_MS = 1000;

async function main(): Promise<void> {
  // Read before anything else: a host that dies after our handshake must already be recorded as the parent.
  const parent = process.ppid;
  const log = hclogLogger(levelFrom(process.env));
  let ports: { minPort: number; maxPort: number };
  try {
    ports = checkHost(process.env);
  } catch (err) {
    if (!(err instanceof HandshakeError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const server = await startServer(log, ports);

  const watch = setInterval(() => { if (process.ppid !== parent) server.stop('the host process is gone'); }, PARENT_POLL_MS);
  watch.unref();
  process.on('SIGTERM', () => server.stop('SIGTERM'));
  // As go-plugin's servers do: Ctrl-C reaches the whole process group; the host decides when we stop.
  process.on('SIGINT', () => log.log('debug', 'SIGINT ignored: the host stops the plugin'));
  // Without a reader (the host gone), writing to stdout or stderr would throw EPIPE.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => server.stop('stdio closed'));
  // Last: once the host has the handshake it may signal us at any moment.
  process.stdout.write(handshakeLine(server.address));
  log.log('info', 'plugin serving', { address: server.address, pid: process.pid, node: process.version });

  await server.stopped;
  clearInterval(watch);
  log.log('info', 'plugin stopped');
  process.exit(0);
}

main().catch((err: Error) => {
  process.stderr.write(hclogLine('error', 'plugin failed to start', { error: err.message }));
  process.exit(1);
});
