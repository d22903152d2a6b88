/**
 * The gRPC server Grafana's plugin host talks to: the SDK's Data, Diagnostics and Resource
 * services, go-plugin's health check (service "plugin"), controller (Shutdown) and stdio, on a
 * loopback TCP port in the host's range.
 */
import * as grpc from '@grpc/grpc-js';
import { callContext, type PluginContextMessage } from '../handlers/context';
import { queryData, type DataQueryMessage } from '../handlers/queryData';
import { checkHealth } from '../handlers/checkHealth';
import { callResource, type ResourceRequest } from '../handlers/callResource';
import { collectMetrics, type Counters } from '../handlers/collectMetrics';
import type { Logger } from './log';
import { loadServices } from './protos';

export interface PluginServer {
  address: string;
  /** Resolves once the server has stopped (Shutdown, or `stop()`). */
  stopped: Promise<void>;
  stop(reason: string): void;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;
interface WithContext { pluginContext?: PluginContextMessage; headers?: Record<string, string> }

/** A unary handler whose failures become gRPC errors (and are logged) instead of crashing the process. */
function unary<Req, Res>(log: Logger, name: string, handle: (req: Req) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    handle(call.request).then((res) => callback(null, res), (err: Error) => {
      log.log('error', `${name} failed`, { error: err.message });
      callback({ code: grpc.status.INTERNAL, details: err.message });
    });
  };
}

/**
 * grpc-js writes its own diagnostics to stderr through console.error (e.g. "No address added"
 * when another plugin holds a port of the range, which bind() then skips); Grafana reads stderr
 * as hclog JSON, so they go through the plugin's logger, at debug: the handlers report real failures.
 */
function routeGrpcLogs(log: Logger): void {
  const write = (...args: unknown[]) => log.log('debug', 'grpc', { detail: args.map(String).join(' ') });
  grpc.setLogger({ error: write, info: write, debug: write });
}

export async function startServer(log: Logger, ports: { minPort: number; maxPort: number }): Promise<PluginServer> {
  routeGrpcLogs(log);
  const services = loadServices();
  const server = new grpc.Server();
  const counters: Counters = { queries: 0, queryErrors: 0 };
  const startedAt = Date.now();
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });
  const openStdio = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  let stopping = false;
  const stop = (reason: string) => {
    // Once: a second cause (SIGTERM after Shutdown, a closed pipe while logging) changes nothing.
    if (stopping) return;
    stopping = true;
    log.log('info', 'plugin shutting down', { reason });
    for (const stream of openStdio) stream.end();
    server.tryShutdown(() => resolveStopped());
    // Calls still running after 1.5 s are cut: Grafana kills the process 2 s after Shutdown.
    setTimeout(() => { server.forceShutdown(); resolveStopped(); }, 1500).unref();
  };

  // Methods by their proto names; QueryChunkedData is left out (grpc-js answers UNIMPLEMENTED, Grafana then uses QueryData).
  server.addService(services.data, {
    QueryData: unary<WithContext & { queries: DataQueryMessage[] }, unknown>(log, 'QueryData', async (req) => {
      const ctx = callContext(req.pluginContext, req.headers, log);
      const responses = await queryData(req.queries ?? [], ctx);
      const answers = Object.values(responses);
      counters.queries += answers.length;
      counters.queryErrors += answers.filter((r) => r.error).length;
      return { responses };
    }),
  });
  server.addService(services.diagnostics, {
    CheckHealth: unary<WithContext, unknown>(log, 'CheckHealth', (req) => checkHealth(callContext(req.pluginContext, req.headers, log))),
    CollectMetrics: unary<WithContext, unknown>(log, 'CollectMetrics', async () => ({ metrics: { prometheus: collectMetrics(counters, startedAt) } })),
  });
  server.addService(services.resource, {
    CallResource: (call: grpc.ServerWritableStream<WithContext & ResourceRequest, unknown>) => {
      callResource(call.request, callContext(call.request.pluginContext, undefined, log)).then(
        (response) => { call.write(response); call.end(); },
        (err: Error) => call.emit('error', { code: grpc.status.INTERNAL, details: err.message }),
      );
    },
  });
  server.addService(services.health, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { status: 'SERVING' }),
  });
  server.addService(services.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      setImmediate(() => stop('the host asked (GRPCController.Shutdown)'));
    },
  });
  // The host streams the plugin's stdio over gRPC; ours goes to stderr directly, so the stream stays open and empty.
  server.addService(services.stdio, {
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      openStdio.add(call);
      call.on('cancelled', () => openStdio.delete(call));
    },
  });

  const port = await bind(server, ports);
  return { address: `127.0.0.1:${port}`, stopped, stop };
}

/** A port in the host's range (PLUGIN_MIN_PORT..PLUGIN_MAX_PORT), or any free one when it gives none. */
async function bind(server: grpc.Server, { minPort, maxPort }: { minPort: number; maxPort: number }): Promise<number> {
  const credentials = grpc.ServerCredentials.createInsecure();
  const tryPort = (port: number) => new Promise<number>((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  if (!minPort) return tryPort(0);
  let lastError: Error | undefined;
  for (let port = minPort; port <= maxPort; port++) {
    try {
      return await tryPort(port);
    } catch (err) {
      lastError = err as Error;
    }
  }
  throw new Error(`no free port between ${minPort} and ${maxPort}: ${lastError?.message ?? ''}`);
}
