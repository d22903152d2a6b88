/**
 * Grafana's backend service for tests against the real Flowmeter service: `fetch` does real HTTP
 * to a stand-in of Grafana's server (pkg/test/grafanaApi.ts), which relays /api/ds/query, health
 * and resources to the real plugin executable over gRPC, as Grafana does.
 */
import { from, type Observable } from 'rxjs';
import { urlUtil } from '@grafana/data';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import type { StoredDataSource } from '../../pkg/test/grafanaApi';

/**
 * fetch, retried once when a kept-alive connection turns out closed by the server (the race
 * between its idle timeout and reuse, likelier on a loaded machine), as browsers do for a dead
 * idle connection.
 */
async function fetchRetryingReset(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

/** Requests sent, for assertions on what the plugin asked for. */
export type SentRequest = Pick<BackendSrvRequest, 'method' | 'url' | 'data' | 'requestId' | 'params' | 'headers'>;

/** The request's URL with its params, serialised as Grafana's backend service does (arrays as repeated keys). */
export function requestUrl(options: BackendSrvRequest): string {
  const query = options.params ? urlUtil.toUrlParams(options.params) : '';
  return query ? `${options.url}${options.url.includes('?') ? '&' : '?'}${query}` : options.url;
}

/** Grafana's backend service of a browser logged into the Grafana at `grafanaUrl`, where `ds` is stored. */
export function grafanaBackendSrv(grafanaUrl: string, ds: StoredDataSource, sent: SentRequest[] = []): BackendSrv {
  let stored: Promise<unknown> | undefined;
  const store = () => (stored ??= fetchRetryingReset(`${grafanaUrl}/api/datasources`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...ds, type: 'flowmeter-insights-datasource' }),
  }).then((res) => { if (!res.ok) throw new Error(`storing the data source: ${res.status}`); }));
  const send = async <T>(options: BackendSrvRequest): Promise<FetchResponse<T>> => {
    await store();
    sent.push({ method: options.method, url: options.url, data: options.data, requestId: options.requestId, params: options.params, headers: options.headers });
    const url = `${grafanaUrl}${requestUrl(options)}`;
    const res = await fetchRetryingReset(url, {
      method: options.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.data === undefined ? undefined : JSON.stringify(options.data),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const error: FetchError = { status: res.status, statusText: res.statusText, data, config: options };
      throw error;
    }
    return { data, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, redirected: false, type: 'basic', url, config: options };
  };
  return { fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)) } as unknown as BackendSrv;
}
