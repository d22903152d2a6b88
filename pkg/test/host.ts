/**
 * Grafana's plugin host, played as Grafana plays it (hashicorp/go-plugin's client with
 * grafana-plugin-sdk-go's protocol): spawn the executable with Grafana's environment and no PATH
 * or HOME (as with `skip_host_env_vars`) from a working directory that is not the plugin's, read
 * the handshake line, dial gRPC, open the stdio stream, ping the health service, then call the
 * SDK's services with Grafana's request shapes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { tableFromIPC, type Table } from 'apache-arrow';
import { PROTO_OPTIONS } from '../plugin/protoOptions';

const ROOT = resolve(__dirname, '../..');
const { executable } = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8')) as { executable: string };
/** The built executable for this machine (npm run build:plugin-backend). */
export const EXECUTABLE = join(ROOT, 'dist', `${executable}_linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`);
/**
 * The command that runs the plugin: the executable, or FLOWMETER_PLUGIN_COMMAND (words split on
 * spaces), e.g. the arm64 build under qemu: `qemu-aarch64 -L /usr/aarch64-linux-gnu dist/gpx_flowmeter_linux_arm64`.
 */
export const PLUGIN_COMMAND = process.env.FLOWMETER_PLUGIN_COMMAND?.trim().split(/\s+/).map((w, i, all) => (i === all.length - 1 ? resolve(ROOT, w) : w)) ?? [EXECUTABLE];
export const PLUGIN_ID = 'flowmeter-insights-datasource';

/** What Grafana's host sets for a data-source plugin (the rest of its GF_* variables are the instance's). */
export const grafanaEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  grafana_plugin_type: 'datasource',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  GF_VERSION: '12.4.0',
  GF_EDITION: 'Open Source',
  GF_APP_URL: 'http://localhost:3000/',
  GF_PLUGIN_APP_CLIENT_ID: 'plugin-flowmeter-insights-datasource',
  ...extra,
});

const definitions = grpc.loadPackageDefinition(loadSync(
  ['backend.proto', 'goplugin.proto', 'health.proto'].map((f) => join(ROOT, 'pkg/proto', f)), PROTO_OPTIONS,
)) as unknown as Record<string, Record<string, grpc.ServiceClientConstructor> & { health: { v1: Record<string, grpc.ServiceClientConstructor> } }>;

/** The data-source instance as Grafana puts it in every call's plugin context. */
export interface Instance { uid?: string; name?: string; url?: string; jsonData?: Record<string, unknown>; readToken?: string }

export function pluginContext(instance: Instance, user: { login: string } | null = { login: 'admin' }) {
  return {
    orgId: 1,
    pluginId: PLUGIN_ID,
    pluginVersion: '0.1.0',
    ...(user ? { user: { ...user, name: user.login, email: `${user.login}@example.com`, role: 'Admin' } } : {}),
    dataSourceInstanceSettings: {
      id: 1, uid: instance.uid ?? 'flowmeter', name: instance.name ?? 'Flowmeter', url: instance.url ?? '',
      jsonData: Buffer.from(JSON.stringify(instance.jsonData ?? {})),
      decryptedSecureJsonData: instance.readToken ? { readToken: instance.readToken } : {},
      lastUpdatedMS: Date.now(),
    },
    grafanaConfig: {},
    userAgent: 'Grafana/12.4.0 (linux; amd64)',
  };
}

/** One query as Grafana's /api/ds/query or an alert rule passes it: the panel's JSON plus Grafana's own fields. */
export function dataQuery(refId: string, model: Record<string, unknown>, range: { from: number; to: number }) {
  const json = { refId, datasource: { type: PLUGIN_ID, uid: 'flowmeter' }, intervalMs: 60_000, maxDataPoints: 1000, ...model };
  return { refId, maxDataPoints: 1000, intervalMS: 60_000, timeRange: { fromEpochMS: range.from, toEpochMS: range.to }, json: Buffer.from(JSON.stringify(json)), queryType: '' };
}

export interface DataResponse { frames: Buffer[]; error: string; status: number; errorSource: string }
export interface ResourceChunk { code: number; headers: Record<string, { values: string[] }>; body: Buffer }

export class GrafanaHost {
  readonly stderr: string[] = [];
  private clients: Record<string, grpc.Client & Record<string, (...args: unknown[]) => unknown>> = {};
  stdio?: grpc.ClientReadableStream<unknown>;
  exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly handshake: string) {
    this.exited = new Promise((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))));
  }

  /** Spawns the plugin and waits for its handshake (Grafana waits up to a minute; here 20 s). */
  static async start(command = PLUGIN_COMMAND, env = grafanaEnv()): Promise<GrafanaHost> {
    const child = spawn(command[0], command.slice(1), { env, cwd: mkdtempSync(join(tmpdir(), 'grafana-cwd-')), stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter(Boolean)));
    const handshake = await new Promise<string>((resolveLine, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`no handshake within 20 s; stderr: ${stderr.join('\n')}`)), 20_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const end = buffered.indexOf('\n');
        if (end >= 0) { clearTimeout(timer); resolveLine(buffered.slice(0, end)); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`plugin exited (${code}) before its handshake; stderr: ${stderr.join('\n')}`)); });
    });
    const host = new GrafanaHost(child, handshake);
    host.stderr.push(...stderr);
    child.stderr!.on('data', (chunk: string) => host.stderr.push(...chunk.split('\n').filter(Boolean)));
    host.connect();
    return host;
  }

  /** go-plugin's parsing of the handshake: CORE|APP|NETWORK|ADDRESS|PROTOCOL. */
  get address(): string {
    const [core, app, network, address, protocol] = this.handshake.split('|');
    if (core !== '1' || app !== '2' || network !== 'tcp' || protocol !== 'grpc') throw new Error(`unexpected handshake ${this.handshake}`);
    return address;
  }

  private connect(): void {
    const credentials = grpc.credentials.createInsecure();
    const make = (ctor: grpc.ServiceClientConstructor) => new ctor(this.address, credentials) as unknown as GrafanaHost['clients'][string];
    this.clients = {
      data: make(definitions.pluginv2.Data), diagnostics: make(definitions.pluginv2.Diagnostics), resource: make(definitions.pluginv2.Resource),
      controller: make(definitions.plugin.GRPCController), stdio: make(definitions.plugin.GRPCStdio), health: make(definitions.grpc.health.v1.Health),
    };
    // go-plugin opens the stdio stream right after connecting and keeps it for the plugin's life.
    this.stdio = (this.clients.stdio.StreamStdio as (req: object) => grpc.ClientReadableStream<unknown>)({});
    this.stdio.on('error', () => undefined);
  }

  private unary<T>(client: string, method: string, request: object): Promise<T> {
    return new Promise((done, fail) => {
      (this.clients[client][method] as (r: object, cb: (e: grpc.ServiceError | null, r: T) => void) => void)
        .call(this.clients[client], request, (err, res) => (err ? fail(err) : done(res)));
    });
  }

  /** go-plugin's Ping: grpc.health.v1 Check of service "plugin". */
  ping(): Promise<{ status: string }> {
    return this.unary('health', 'Check', { service: 'plugin' });
  }

  queryData(instance: Instance, queries: ReturnType<typeof dataQuery>[], headers: Record<string, string> = {}, user?: { login: string } | null): Promise<{ responses: Record<string, DataResponse> }> {
    return this.unary('data', 'QueryData', { pluginContext: pluginContext(instance, user), headers, queries });
  }

  checkHealth(instance: Instance): Promise<{ status: string; message: string; jsonDetails: Buffer }> {
    return this.unary('diagnostics', 'CheckHealth', { pluginContext: pluginContext(instance), headers: {} });
  }

  collectMetrics(instance: Instance): Promise<{ metrics: { prometheus: Buffer } }> {
    return this.unary('diagnostics', 'CollectMetrics', { pluginContext: pluginContext(instance) });
  }

  /**
   * Resource/CallResource as Grafana's /api/datasources/uid/<uid>/resources/<path> passes it:
   * the path after `resources/`, the URL as that path with the query, the request's headers as lists.
   */
  callResource(instance: Instance, path: string, query = '', request: { method?: string; headers?: Record<string, string[]>; body?: Buffer } = {}): Promise<ResourceChunk[]> {
    return new Promise((done, fail) => {
      const chunks: ResourceChunk[] = [];
      const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, values]) => [name, { values }]));
      const call = (this.clients.resource.CallResource as (r: object) => grpc.ClientReadableStream<ResourceChunk>)({
        pluginContext: pluginContext(instance), path, method: request.method ?? 'GET', url: `${path}${query ? `?${query}` : ''}`, headers, body: request.body ?? Buffer.alloc(0),
      });
      call.on('data', (chunk) => chunks.push(chunk));
      call.on('end', () => done(chunks));
      call.on('error', fail);
    });
  }

  shutdown(): Promise<object> {
    return this.unary('controller', 'Shutdown', {});
  }

  /** As Grafana stops a plugin: Shutdown, then a kill if it is still running 2 s later. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await this.shutdown().catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    for (const client of Object.values(this.clients)) client.close();
  }
}

/** A frame from QueryData, decoded as Grafana does: Arrow IPC file format (the magic "ARROW1" at both ends). */
export function decodeFrame(bytes: Buffer): Table {
  const magic = 'ARROW1';
  if (bytes.subarray(0, 6).toString() !== magic || bytes.subarray(bytes.length - 6).toString() !== magic) throw new Error('not an Arrow IPC file');
  return tableFromIPC(bytes);
}
