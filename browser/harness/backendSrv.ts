/**
 * Grafana's backend service in the harness page: same-origin fetch (params serialised as
 * Grafana's backend service does, arrays as repeated keys). The page's server plays Grafana's
 * API, which runs the plugin's backend (it holds the read token), so the browser never holds the token.
 */
import { from, type Observable } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { requestUrl } from '../../src/test/grafanaBackendSrv';

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const res = await fetch(requestUrl(options), {
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw { status: res.status, statusText: res.statusText, data, config: options } satisfies FetchError;
  return { data, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, redirected: res.redirected, type: res.type, url: res.url, config: options };
}

export const sameOriginBackendSrv = { fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)) } as unknown as BackendSrv;
