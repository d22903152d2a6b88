/**
 * A stand-in of Grafana's server for the frontend's tests: ./grafanaApi over HTTP on a loopback
 * port, in front of the built plugin executable (or of none: a Grafana whose plugin backend is
 * not running).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GrafanaApi } from './grafanaApi';
import { GrafanaHost } from './host';

export interface GrafanaServer { url: string; api: GrafanaApi; close(): Promise<void> }

export async function startGrafanaServer({ plugin = true }: { plugin?: boolean } = {}): Promise<GrafanaServer> {
  const host = plugin ? await GrafanaHost.start() : undefined;
  const api = new GrafanaApi(host);
  const server: Server = createServer((req, res) => {
    api.handle(req, res).then(
      (handled) => { if (!handled) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}'); },
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await host?.stop();
    },
  };
}
