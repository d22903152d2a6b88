/**
 * InfluxDB's v1 HTTP API: /write (line protocol, gzip) and /query (InfluxQL), the pair that
 * InfluxDB 1.x, 2.x, 3.x and Cloud all answer. Auth: a token (2.x/3.x/Cloud) or user/password.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { StoreUnavailableError } from '../Store';

const gzipAsync = promisify(gzip);

/** How soon a request on a connection the server had already closed fails (see request()). */
const STALE_CONNECTION_MS = 1_000;

export interface InfluxConnection {
  readonly url: string;
  readonly database: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly timeoutMs?: number;
  /** gzip write bodies and query answers (default true). */
  readonly gzip?: boolean;
}

export interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** InfluxDB understood the request and refused it (a bug on our side, not unavailability). */
export class InfluxRequestError extends Error {}

/** 403: the credentials are valid but may not do this (e.g. CREATE DATABASE as a non-admin user). */
export class InfluxForbiddenError extends StoreUnavailableError {}

export class InfluxClient {
  constructor(private readonly connection: InfluxConnection) {}

  /** `lines`: line-protocol bytes, newline-separated. */
  async write(lines: Buffer): Promise<void> {
    const gzip = this.connection.gzip ?? true;
    const body = gzip ? await gzipAsync(lines) : lines;
    const params = new URLSearchParams({ db: this.connection.database, precision: 'ns' });
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
    // Our buffers are never shared memory, which is all that the cast asserts.
    const res = await this.request(`/write?${params}`, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> });
    if (res.status !== 204) await this.fail(res, 'write');
  }

  /** Runs statements; returns each statement's series. */
  async query(text: string, database: string | undefined = this.connection.database): Promise<Series[][]> {
    const params = new URLSearchParams({ q: text, epoch: 'ms', ...(database ? { db: database } : {}) });
    // Answers compressed only where writes are: gzip is influxd's work before the first byte
    // goes out (DORA's 33,000 deploys at 1M on localhost: 291 ms an answer gzipped, 211 ms not).
    const encoding: Record<string, string> = (this.connection.gzip ?? true) ? {} : { 'accept-encoding': 'identity' };
    const res = await this.request('/query', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...encoding }, body: params.toString() });
    if (res.status !== 200) await this.fail(res, 'query');
    const json = (await res.json()) as { results?: Array<{ series?: Series[]; error?: string }>; error?: string };
    if (json.error) throw new InfluxRequestError(`InfluxDB: ${json.error}`);
    return (json.results ?? []).map((result) => {
      if (result.error) throw new InfluxRequestError(`InfluxDB: ${result.error} (query: ${text})`);
      return result.series ?? [];
    });
  }

  /** The server's version from /ping (every version answers it). */
  async ping(): Promise<string> {
    const res = await this.request('/ping', { method: 'GET' });
    await res.arrayBuffer();
    if (res.status !== 204 && res.status !== 200) throw new StoreUnavailableError(`InfluxDB /ping answered ${res.status}`);
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const { token, username, password } = this.connection;
    if (token) headers.set('authorization', `Token ${token}`);
    else if (username) headers.set('authorization', `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`);
    const send = () => fetch(`${this.connection.url}${path}`, { ...init, headers, signal: AbortSignal.timeout(this.connection.timeoutMs ?? 30_000) });
    const sentAt = Date.now();
    try {
      try {
        return await send();
      } catch (err) {
        // A kept-alive connection the server had closed fails at once, before any answer: sent
        // once more, on a new connection. Safe for every request here: a write re-sent stores
        // the same points again (a point replaces its equal), a query only reads. A connection
        // dropped later, while InfluxDB worked on the request, is a failure of InfluxDB's.
        if (!closedUnderfoot(err) || Date.now() - sentAt > STALE_CONNECTION_MS) throw err;
        return await send();
      }
    } catch (err) {
      throw new StoreUnavailableError(`InfluxDB at ${this.connection.url} is unreachable (${(err as Error).cause ?? (err as Error).message})`, err);
    }
  }

  private async fail(res: Response, what: string): Promise<never> {
    const text = (await res.text()).slice(0, 500);
    if (res.status >= 500 || res.status === 429) throw new StoreUnavailableError(`InfluxDB ${what} answered ${res.status}: ${text}`);
    if (res.status === 403) throw new InfluxForbiddenError(`InfluxDB refused this to our user (403): ${text}`);
    if (res.status === 401) throw new StoreUnavailableError(`InfluxDB refused our credentials (401): ${text}`);
    throw new InfluxRequestError(`InfluxDB ${what} answered ${res.status}: ${text}`);
  }
}

/** Node's fetch failing because the connection was reset or closed under it, not refused or timed out. */
function closedUnderfoot(err: unknown): boolean {
  const code = ((err as Error).cause as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}
