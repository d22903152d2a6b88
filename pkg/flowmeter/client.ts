/**
 * HTTP calls to the Flowmeter service on behalf of one data-source instance. Every failure
 * becomes a ServiceError whose message says what to change (URL, token, the service's store).
 */
import type { FlowmeterSettings } from './settings';

/** Grafana's own data-source timeout is 30 s; the service answers well within it or not at all. */
const TIMEOUT_MS = 25_000;

export class ServiceError extends Error {
  /** HTTP status for Grafana's DataResponse (502 when unreachable); `downstream`: the service's fault, not the plugin's. */
  constructor(message: string, readonly status: number, readonly source: 'downstream' | 'plugin' = 'downstream', readonly body?: unknown) {
    super(message);
  }
}

export interface ServiceAnswer<T> { status: number; body: T }

export class FlowmeterClient {
  constructor(private readonly settings: FlowmeterSettings) {}

  get url(): string {
    return this.settings.url;
  }

  async get<T>(path: string): Promise<T> {
    return (await this.call<T>('GET', path)).body;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.call<T>('POST', path, body)).body;
  }

  /** The answer whatever its status (CallResource relays it); throws only when there is none. */
  async raw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; contentType: string }> {
    const res = await this.fetch(method, path, body);
    return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? 'application/json' };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ServiceAnswer<T>> {
    const res = await this.fetch(method, path, body);
    const text = await res.text();
    const parsed = parseJson(text);
    if (!res.ok) throw new ServiceError(explain(res.status, this.settings.url, parsed, text), res.status, 'downstream', parsed);
    if (parsed === undefined) throw new ServiceError(`${this.settings.url}${path} did not answer JSON: is the URL the root of a Flowmeter service?`, 502);
    return { status: res.status, body: parsed as T };
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    if (!this.settings.url) throw new ServiceError('The data source has no URL: set the URL of the Flowmeter service (e.g. http://flowmeter:3001) in its settings.', 400, 'plugin');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.settings.readToken) headers.authorization = `Bearer ${this.settings.readToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.settings.url}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new ServiceError(`Flowmeter is unreachable at ${this.settings.url} (${why}): check the data source's URL and that the Grafana server can reach it.`, 502);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The service's own message (its families answer `{error}` or `{message}`), with what to do about the status. */
function explain(status: number, url: string, parsed: unknown, text: string): string {
  const body = (parsed ?? {}) as { error?: unknown; message?: unknown };
  const said = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : text.slice(0, 200);
  if (status === 401) return `Flowmeter rejected the read token (401: ${said}): enter one of the service's FLOWMETER_READ_TOKENS in the data source's settings.`;
  if (status === 403) return `The data source's token may not read statistics (403: ${said}): it is an ingest token; use a read token.`;
  if (status === 404) return `${url} answered 404: is the URL the root of a Flowmeter service?`;
  if (status === 503) return `Flowmeter at ${url} is up but its store is not (503: ${said}).`;
  return `Flowmeter answered ${status}: ${said}`;
}
