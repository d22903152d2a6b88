/**
 * Grafana's data-source proxy as its sources do it (pkg/api/pluginproxy, Grafana 10 - 12), over
 * this plugin's plugin.json routes: pure logic, so the tests and the browser harness send each
 * request where Grafana would, with the headers Grafana would add.
 * - validateRequest: the first route whose method is empty, "*" or the request's, and whose path
 *   is a prefix of the proxy path, matches; no match still proxies, to the data source's URL,
 *   without the route's headers.
 * - director / ApplyRoute: the target is the data source's URL joined with the whole proxy path;
 *   a matched route with a `url` replaces it by that URL (templated) joined with the rest of the
 *   path after the route's path. Headers are Go templates over JsonData and SecureJsonData.
 */
import pluginJson from '../plugin.json';

export interface Route {
  path: string;
  method?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
}

export const ROUTES: Route[] = pluginJson.routes;

/** What Grafana stores for a data source (the secure part decrypted). */
export interface StoredDataSource {
  url?: string;
  jsonData: object;
  secureJsonData: Record<string, string | undefined>;
}

export interface ProxiedRequest {
  /** The URL Grafana requests, '' when there is nothing to request (no URL configured). */
  url: string;
  headers: Record<string, string>;
  route?: Route;
}

/** util.JoinURLFragments */
export function joinUrlFragments(a: string, b: string): string {
  if (!b) return a;
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) return a + b.slice(1);
  if (!aSlash && !bSlash) return `${a}/${b}`;
  return a + b;
}

/**
 * `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}`: a missing JsonData key prints "<no value>"
 * (an interface map), a missing secure one "" (a string map), as Go's text/template does.
 */
export function interpolateTemplate(text: string, ds: StoredDataSource): string {
  return text.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_m, scope: string, key: string) => {
    if (scope === 'SecureJsonData') return ds.secureJsonData[key] ?? '';
    const value = (ds.jsonData as Record<string, unknown>)[key];
    return value === undefined || value === null ? '<no value>' : String(value);
  });
}

export function matchRoute(method: string, proxyPath: string, routes: Route[] = ROUTES): Route | undefined {
  return routes.find((r) => (!r.method || r.method === '*' || r.method === method) && proxyPath.startsWith(r.path));
}

/** Where Grafana sends `<method> /api/datasources/proxy/uid/<uid>/<proxyPath>[?query]`, and with which headers. */
export function proxyRequest(ds: StoredDataSource, method: string, proxyPathAndQuery: string, routes: Route[] = ROUTES): ProxiedRequest {
  const [proxyPath, query] = splitQuery(proxyPathAndQuery);
  const route = matchRoute(method, proxyPath, routes);
  let url = ds.url ? joinUrlFragments(ds.url, proxyPath) : '';
  if (route?.url) url = joinUrlFragments(interpolateTemplate(route.url, ds), proxyPath.slice(route.path.length));
  const headers = Object.fromEntries((route?.headers ?? []).map((h) => [h.name.toLowerCase(), interpolateTemplate(h.content, ds)]));
  return { url: url && query ? `${url}?${query}` : url, headers, route };
}

function splitQuery(pathAndQuery: string): [string, string] {
  const at = pathAndQuery.indexOf('?');
  return at < 0 ? [pathAndQuery, ''] : [pathAndQuery.slice(0, at), pathAndQuery.slice(at + 1)];
}
