/**
 * Grafana's HTTP API for a backend data source, played for the tests in front of the REAL plugin
 * executable (driven over gRPC by ./host, as Grafana's plugin host drives it). Only the routes
 * the plugin's frontend (`DataSourceWithBackend`) calls, with Grafana's shapes (grafana/grafana
 * pkg/api: ds_query.go, plugins.go, plugin_resource.go; pkg/services/query):
 * - `POST /api/ds/query` `{from, to, queries}`: each query's JSON goes to QueryData whole, with the
 *   request's range, `refId` (default "A"), `maxDataPoints` (100), `intervalMs` (1000),
 *   `queryType`; all queries on one data source. Answers `{results: {<refId>: {status, frames,
 *   error?, errorSource?}}}`, each frame as data-frame JSON converted from the plugin's Arrow
 *   (./frameJson); HTTP 400 when any query has an error (the body is the same).
 * - `GET /api/datasources/uid/<uid>/health`: CheckHealth as `{status, message, details?}`
 *   (details: the plugin's JSON details), 200 when OK, else 400.
 * - `/api/datasources/uid/<uid>/resources/<path>`: CallResource with the path after `resources/`
 *   and the query string; the plugin's status, headers and body relayed.
 * - `POST /api/datasources`: create a data source (the tests' way to store one, as Grafana's API
 *   does; the secure data kept "decrypted" for the plugin context).
 * A plugin whose process is not running answers as Grafana does then (plugins.ErrPluginUnavailable
 * through errutil): 500 `{statusCode, messageId: "plugin.unavailable", message: "Internal"}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { arrowToFrameJSON } from './frameJson';
import { PLUGIN_ID, type GrafanaHost, type Instance } from './host';

/** A data source as Grafana stores it (the read token decrypted). */
export interface StoredDataSource { uid: string; name?: string; url?: string; jsonData?: object; secureJsonData?: Record<string, string> }

interface Answer { status: number; body: unknown; headers?: Record<string, string> }

const jsonError = (status: number, message: string, extra: object = {}): Answer => ({ status, body: { message, ...extra } });

/** errutil's public form of plugins.ErrPluginUnavailable: an internal error without a public message, so the status' name. */
const UNAVAILABLE: Answer = jsonError(500, 'Internal', { messageId: 'plugin.unavailable', statusCode: 500 });

export class GrafanaApi {
  private readonly dataSources = new Map<string, StoredDataSource>();

  /** `host`: the running plugin; undefined when its executable did not start. */
  constructor(private readonly host: GrafanaHost | undefined) {}

  add(ds: StoredDataSource): void {
    this.dataSources.set(ds.uid, ds);
  }

  /** Serves the request when it is one of the routes above; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://grafana');
    const route = this.route(req.method ?? 'GET', url.pathname);
    if (!route) return false;
    const body = await readBody(req);
    let answer: Answer;
    try {
      answer = await route(url, body, req);
    } catch (err) {
      answer = (err as { code?: number }).code === 14 /* grpc UNAVAILABLE: the process is gone */ ? UNAVAILABLE : jsonError(500, 'Plugin request failed', { error: String(err) });
    }
    const payload = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body));
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(payload);
    return true;
  }

  private route(method: string, path: string): ((url: URL, body: Buffer, req: IncomingMessage) => Promise<Answer>) | undefined {
    if (method === 'POST' && path === '/api/ds/query') return (_url, body) => this.query(parseJson(body));
    if (method === 'POST' && path === '/api/datasources') return async (_url, body) => this.create(parseJson(body));
    const match = /^\/api\/datasources\/uid\/([^/]+)\/(health|resources\/(.*))$/.exec(path);
    if (!match) return undefined;
    const [, uid, what, resourcePath] = match;
    if (what === 'health') return method === 'GET' ? () => this.health(uid) : undefined;
    return (url, body, req) => this.resource(uid, resourcePath, url.search.slice(1), method, body, req);
  }

  private create(ds: StoredDataSource & { type?: string }): Answer {
    if (!ds?.uid) return jsonError(400, 'the stand-in needs a uid');
    if (ds.type && ds.type !== PLUGIN_ID) return jsonError(400, `the stand-in only runs ${PLUGIN_ID}`);
    this.add(ds);
    return { status: 200, body: { datasource: ds, id: this.dataSources.size, message: 'Datasource added', name: ds.name ?? ds.uid } };
  }

  private instance(uid: string): Instance | undefined {
    const ds = this.dataSources.get(uid);
    return ds && { uid: ds.uid, name: ds.name, url: ds.url, jsonData: ds.jsonData as Record<string, unknown> | undefined, readToken: ds.secureJsonData?.readToken };
  }

  private async query(request: { from?: string; to?: string; queries?: Array<Record<string, unknown>> }): Promise<Answer> {
    const queries = request?.queries ?? [];
    if (!queries.length) return jsonError(400, 'No queries found');
    const uids = new Set(queries.map((q) => (q.datasource as { uid?: string } | undefined)?.uid));
    if (uids.size > 1) return jsonError(400, 'all queries must use the same datasource');
    const [uid] = uids;
    const instance = uid && this.instance(uid);
    if (!instance) return jsonError(404, 'Data source not found');
    if (!this.host) return UNAVAILABLE;
    const messages = queries.map((q) => ({
      refId: typeof q.refId === 'string' ? q.refId : 'A',
      maxDataPoints: typeof q.maxDataPoints === 'number' ? q.maxDataPoints : 100,
      intervalMS: typeof q.intervalMs === 'number' ? q.intervalMs : 1000,
      timeRange: { fromEpochMS: Number(request.from), toEpochMS: Number(request.to) },
      queryType: typeof q.queryType === 'string' ? q.queryType : '',
      json: Buffer.from(JSON.stringify(q)),
    }));
    const { responses } = await this.host.queryData(instance, messages);
    const results = Object.fromEntries(Object.entries(responses).map(([refId, r]) => [refId, {
      ...(r.error ? { error: r.error, errorSource: r.errorSource } : {}),
      status: r.status || 200,
      ...(r.frames.length || !r.error ? { frames: r.frames.map((f) => arrowToFrameJSON(f)) } : {}),
    }]));
    return { status: Object.values(responses).some((r) => r.error) ? 400 : 200, body: { results } };
  }

  private async health(uid: string): Promise<Answer> {
    const instance = this.instance(uid);
    if (!instance) return jsonError(404, 'Data source not found');
    if (!this.host) return UNAVAILABLE;
    const result = await this.host.checkHealth(instance);
    const details = result.jsonDetails?.length ? { details: JSON.parse(Buffer.from(result.jsonDetails).toString('utf8')) } : {};
    return { status: result.status === 'OK' ? 200 : 400, body: { status: result.status, message: result.message, ...details } };
  }

  private async resource(uid: string, path: string, query: string, method: string, body: Buffer, req: IncomingMessage): Promise<Answer> {
    const instance = this.instance(uid);
    if (!instance) return jsonError(404, 'Data source not found');
    if (!this.host) return UNAVAILABLE;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, ([] as string[]).concat(value ?? [])]));
    const chunks = await this.host.callResource(instance, path, query, { method, headers, body });
    const [first] = chunks;
    if (!first) return jsonError(500, 'Plugin request failed', { error: 'no response from the plugin' });
    const responseHeaders = Object.fromEntries(Object.entries(first.headers ?? {}).map(([name, { values }]) => [name.toLowerCase(), values.join(', ')]));
    return { status: first.code, headers: responseHeaders, body: Buffer.concat(chunks.map((c) => Buffer.from(c.body ?? []))) };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8') || 'null') as T;
  } catch {
    return null as T;
  }
}
