/**
 * A statistic from current rollups in one request (Rollups.read): the rollup marks first, then
 * the rollup statements, in one /query where the server takes several statements (1.x, 2.x);
 * in a request each where it does not (3.x), found at open(). Against the real influxd, through
 * a proxy that counts /query requests and, for the second store, refuses several statements.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Event } from '../../../contract/events';
import type { AggregateQuery } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { toPoint } from '../../src/store/points';
import { statusField } from '../../src/store/schema';
import { influxUrl, silentLogger } from '../support/stores';

const DAY = 86_400_000;
const START = Date.UTC(2026, 7, 3);
const range = { fromMs: START, toMs: START + 7 * DAY };

/** /query statements as the proxy saw them, one entry a request. */
interface Proxy { url: string; requests: string[][]; server: Server }

/** Forwards to influxd; with `refuseMany`, answers several statements as a server that takes one (400). */
async function proxy(refuseMany: boolean): Promise<Proxy> {
  const target = new URL(influxUrl());
  const requests: string[][] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url!.startsWith('/query')) {
        const q = new URLSearchParams(body.toString()).get('q') ?? new URL(req.url!, 'http://x').searchParams.get('q') ?? '';
        const statements = q.split('; ');
        requests.push(statements);
        if (refuseMany && statements.length > 1) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'error parsing query: only one statement a request' }));
          return;
        }
      }
      const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const instances = Array.from({ length: 70 }, (_, i) => ({
  kind: 'task_instance', id: `t-${i}`, project_id: 'dataarts-1', workspace: 'analytics', instance_id: `i-${i}`, job: `etl-${i % 3}`,
  status: ['success', 'fail', 'skip'][i % 3], plan_time: START + Math.floor(i / 10) * DAY + (i % 10) * 3_600_000,
}));
const overview: AggregateQuery = {
  measurement: 'task_instance', where: { project_id: ['dataarts-1'] }, range, groupBy: [],
  select: { success: { fn: 'sum', field: statusField('success') }, fail: { fn: 'sum', field: statusField('fail') }, total: { fn: 'count', field: 'id' } },
};

/** The overview's numbers counted from the events, with a status changed (`changed`: ids to 'fail'). */
const counted = (changed: string[] = []) => {
  const statuses = instances.map((e) => (changed.includes(e.id) ? 'fail' : e.status));
  return { success: statuses.filter((s) => s === 'success').length, fail: statuses.filter((s) => s === 'fail').length, total: statuses.length };
};

const databases: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) server.close();
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

async function storeBehind(refuseMany: boolean): Promise<[InfluxStore, Proxy]> {
  const p = await proxy(refuseMany);
  servers.push(p.server);
  const database = `flowmeter_onerequest_${process.pid}_${Date.now()}_${refuseMany}`;
  databases.push(database);
  const store = new InfluxStore({ url: p.url, database, logger: silentLogger, gzip: false });
  await store.open();
  await store.write(instances.map((e) => toPoint(Event.parse(e))));
  await store.refreshRollups('task_instance', range);
  return [store, p];
}

describe('a statistic from current rollups', () => {
  it('is one request where the server takes several statements: the marks, then the rollup', async () => {
    const [store, p] = await storeBehind(false);
    p.requests.length = 0;
    const [row] = await store.aggregate(overview);
    expect(row.values).toEqual(counted());
    expect(p.requests).toHaveLength(1);
    expect(p.requests[0]).toHaveLength(2);
    expect(p.requests[0][0]).toContain('"flowmeter_touched"');
    expect(p.requests[0][1]).toContain('"flowmeter_rollup_v5_task_instance_day"');
    // A write into a day: the answer counts it (the day recomputed, the rollup asked again).
    await store.write([toPoint(Event.parse({ ...instances[0], status: 'fail' }))]);
    p.requests.length = 0;
    expect((await store.aggregate(overview))[0].values).toEqual(counted([instances[0].id]));
    expect(p.requests.length).toBeGreaterThan(1);
    await store.close();
  });

  it('is a request a statement where the server takes one, with the same answers', async () => {
    const [store, p] = await storeBehind(true);
    p.requests.length = 0;
    expect((await store.aggregate(overview))[0].values).toEqual(counted());
    expect(p.requests.map((statements) => statements.length)).toEqual([1, 1]);
    expect(p.requests[1][0]).toContain('"flowmeter_rollup_v5_task_instance_day"');
    await store.close();
  });
});
