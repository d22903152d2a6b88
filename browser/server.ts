/**
 * Serves the harness page of one Grafana generation (browser/generations.json) and plays
 * Grafana's server for it: the built plugin under /public/plugins/<id>/, the provisioned
 * dashboards' JSON under /dashboards/, and Grafana's API for a backend data source
 * (/api/ds/query, health, resources: pkg/test/grafanaApi.ts) run by the REAL plugin executable,
 * for a data source (uid `flowmeter`, as provisioned) whose URL is the service's and whose read
 * token is given.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { GrafanaApi } from '../pkg/test/grafanaApi';
import { GrafanaHost } from '../pkg/test/host';
import { type Generation, GENERATIONS } from './generations';

const ROOT = join(__dirname, '..');
const PLUGIN_PREFIX = '/public/plugins/flowmeter-insights-datasource/';
/** Grafana serves @grafana/ui's icons here. */
const ICONS_PREFIX = '/public/build/img/icons/';
/** The provisioned dashboards, for the harness's dashboard page. */
const DASHBOARDS_PREFIX = '/dashboards/';
const DASHBOARDS = join(ROOT, 'provisioning', 'dashboards', 'json');
/** The harness's data source, as provisioning/datasources/flowmeter.yaml names it (the dashboards' targets do). */
export const HARNESS_DATASOURCE_UID = 'flowmeter';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.map': 'application/json' };

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

interface Target {
  serviceUrl: string;
  readToken: string;
  /** Whose shared libraries the page runs the plugin with; the first (Grafana 12) unless said. */
  generation?: Generation;
}

export async function startHarnessServer(target: Target): Promise<HarnessServer> {
  const host = await GrafanaHost.start();
  const api = new GrafanaApi(host);
  api.add({ uid: HARNESS_DATASOURCE_UID, url: target.serviceUrl, jsonData: { defaultTimeZone: 'UTC' }, secureJsonData: { readToken: target.readToken } });
  const server = createServer((req, res) => {
    handle(req, res, api, target.generation ?? GENERATIONS[0]).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await host.stop();
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, api: GrafanaApi, generation: Generation) {
  if (await api.handle(req, res)) return;
  const path = new URL(req.url ?? '/', 'http://harness').pathname;
  const icons = join(ROOT, generation.packages, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
  const file = path === '/' ? join(ROOT, 'browser', 'harness.html')
    : path.startsWith(PLUGIN_PREFIX) ? join(ROOT, 'dist', normalize(path.slice(PLUGIN_PREFIX.length)))
    : path.startsWith(ICONS_PREFIX) ? join(icons, normalize(path.slice(ICONS_PREFIX.length)))
    : path.startsWith(DASHBOARDS_PREFIX) ? join(DASHBOARDS, normalize(path.slice(DASHBOARDS_PREFIX.length)))
    : join(ROOT, generation.out, normalize(path));
  if (!file.startsWith(ROOT)) return void res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}
