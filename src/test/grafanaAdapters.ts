/**
 * Thin stand-ins for Grafana's backend and template services, for tests against the real
 * Flowmeter service: `fetch` does real HTTP, the way Grafana's data-source proxy would (routes
 * of plugin.json matched and applied by ./grafanaProxy; no answer at all becomes the proxy's 502).
 */
import { from, type Observable } from 'rxjs';
import type { ScopedVars } from '@grafana/data';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse, TemplateSrv } from '@grafana/runtime';
import { proxyRequest, type ProxiedRequest, type StoredDataSource } from './grafanaProxy';

export const PROXY_URL = '/api/datasources/proxy/uid/flowmeter-test';

/**
 * fetch, retried once when a kept-alive connection turns out closed by the service (the race
 * between its idle timeout and reuse, likelier on a loaded machine). Go's http.Transport, which
 * Grafana's proxy uses, does the same for a dead idle connection.
 */
export async function fetchRetryingReset(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

/** Requests sent, for assertions on what the plugin asked for. */
export type SentRequest = Pick<BackendSrvRequest, 'method' | 'url' | 'data' | 'requestId'> & { proxied: ProxiedRequest };

/** Grafana's backend service in front of the data source stored as `ds`. */
export function proxyBackendSrv(ds: StoredDataSource, sent: SentRequest[] = []): BackendSrv {
  const fetchThroughProxy = async <T>(options: BackendSrvRequest): Promise<FetchResponse<T>> => {
    const method = options.method ?? 'GET';
    if (!options.url.startsWith(`${PROXY_URL}/`)) throw new Error(`the test proxy only knows ${PROXY_URL}/, not ${options.url}`);
    const proxied = proxyRequest(ds, method, options.url.slice(PROXY_URL.length + 1));
    sent.push({ method: options.method, url: options.url, data: options.data, requestId: options.requestId, proxied });
    const { url } = proxied;
    let res: Response;
    try {
      if (!/^https?:\/\//.test(url)) throw new Error(`unsupported protocol scheme in "${url}"`);
      res = await fetchRetryingReset(url, {
        method,
        headers: { 'content-type': 'application/json', ...proxied.headers },
        body: options.data === undefined ? undefined : JSON.stringify(options.data),
      });
    } catch (err) {
      const error: FetchError = { status: 502, statusText: 'Bad Gateway', data: { message: `Bad Gateway: ${(err as Error).cause ?? err}` }, config: options };
      throw error;
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const error: FetchError = { status: res.status, statusText: res.statusText, data, config: options };
      throw error;
    }
    return { data, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, redirected: false, type: 'basic', url, config: options };
  };
  return { fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(fetchThroughProxy<T>(options)) } as unknown as BackendSrv;
}

/** Grafana's variable syntaxes: $name, ${name}, ${name:format}, [[name]]. */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;

type Format = string | ((value: unknown) => string) | undefined;

/** A template service over fixed dashboard variables (name -> value, or values when multi). */
export function variablesTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  const format = (value: string | string[], fmt: Format): string => {
    if (typeof fmt === 'function') return fmt(value);
    if (!Array.isArray(value)) return value;
    if (fmt === 'csv') return value.join(',');
    return value.length === 1 ? value[0] : `{${value.join(',')}}`;
  };
  return {
    getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' })),
    replace(target = '', scopedVars?: ScopedVars, fmt?: Format) {
      return target.replace(VARIABLE, (match, a, b, bFormat, c, cFormat) => {
        const name = a ?? b ?? c;
        const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
        const value = scoped ?? variables[name];
        return value === undefined ? match : format(value, bFormat ?? cFormat ?? fmt);
      });
    },
    containsTemplate: (target?: string) => Boolean(target && new RegExp(VARIABLE.source).test(target)),
    updateTimeRange: () => {},
  } as unknown as TemplateSrv;
}
