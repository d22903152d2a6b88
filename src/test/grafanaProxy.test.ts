/**
 * plugin.json's routes under Grafana's proxy rules: the read token goes only with the requests the
 * plugin makes (POST query, GET lookups), to the configured URL; any other method or path a
 * Viewer could send through the proxy goes without it.
 */
import { matchRoute, proxyRequest, ROUTES, type StoredDataSource } from './grafanaProxy';

const standard: StoredDataSource = { url: 'http://flowmeter:3001', jsonData: {}, secureJsonData: { readToken: 's3cret' } };
const legacy: StoredDataSource = { url: '', jsonData: { url: 'http://old:3001' }, secureJsonData: { readToken: 's3cret' } };

test('every route names a method other than "*", and a path under the API the plugin reads', () => {
  for (const route of ROUTES) {
    expect([route.path, route.method]).toEqual([route.path, expect.stringMatching(/^(GET|POST)$/)]);
    expect(route.path).toMatch(/^(flowmeter\/)?api\/v1\/(query|lookup\/|health)$/);
  }
});

test.each([
  ['POST', 'api/v1/query', 'http://flowmeter:3001/api/v1/query'],
  ['GET', 'api/v1/lookup/projects?project=a', 'http://flowmeter:3001/api/v1/lookup/projects?project=a'],
])('standard settings: %s %s carries the token to the url field', (method, path, url) => {
  expect(proxyRequest(standard, method, path)).toMatchObject({ url, headers: { authorization: 'Bearer s3cret' } });
});

test.each([
  ['GET', 'api/v1/query'], ['DELETE', 'api/v1/query'], ['POST', 'api/v1/events'], ['POST', 'api/v1/lookup/projects'],
  ['GET', 'api/v1/statistics/build'], ['PUT', 'api/v1/lookup/projects'], ['GET', 'flowmeter/api/v1/events'],
])('%s %s reaches the service without the token', (method, path) => {
  const { headers, route } = proxyRequest(standard, method, path);
  expect(route).toBeUndefined();
  expect(headers).toEqual({});
});

test('health needs no token: proxied to the URL as it is', () => {
  expect(proxyRequest(standard, 'GET', 'api/v1/health')).toEqual({ url: 'http://flowmeter:3001/api/v1/health', headers: {}, route: undefined });
});

test.each([
  ['POST', 'flowmeter/api/v1/query', 'http://old:3001/api/v1/query', 'Bearer s3cret'],
  ['GET', 'flowmeter/api/v1/lookup/services?project=a', 'http://old:3001/api/v1/lookup/services?project=a', 'Bearer s3cret'],
  ['GET', 'flowmeter/api/v1/health', 'http://old:3001/api/v1/health', undefined],
])('settings saved before 0.2: %s %s goes to jsonData.url', (method, path, url, authorization) => {
  const proxied = proxyRequest(legacy, method, path);
  expect(proxied.url).toBe(url);
  expect(proxied.headers.authorization).toBe(authorization);
});

test('the legacy routes no longer forward any method to any path', () => {
  expect(matchRoute('DELETE', 'flowmeter/api/v1/events')).toBeUndefined();
  expect(proxyRequest(legacy, 'POST', 'flowmeter/api/v1/events').url).toBe('');
});
