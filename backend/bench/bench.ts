/**
 * The benchmark (`npm run bench`): side by side in one run on this machine,
 *  - ingest events/s through the service (NDJSON batches) vs raw line-protocol writes of the
 *    same points straight to the same influxd;
 *  - statistics latency through the service vs the equivalent raw InfluxQL;
 *  - the same ingest and statistics on the embedded store;
 *  - the service's peak RSS under that load.
 *  - GitHub webhook deliveries/s through the receiver (signature check, mapping, store);
 * Options: --events N (1000000), --batch N (5000), --concurrency N (4), --rounds N (3) of
 * ingest, --runs N (7) of each statistics query, --deliveries N (10000) GitHub deliveries with
 * --delivery-concurrency N (32) in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Event } from '../../contract/events';
import { buildEvents } from '../src/demo/generate';
import { toPoint } from '../src/store/points';
import { toLineProtocol } from '../src/store/influx/lineProtocol';
import { freePort, startInfluxd } from '../test/support/influxd';
import { postQuery } from '../test/support/frames';
import { deliverAll, githubDeliveries } from './githubDeliveries';

const DAY = 86_400_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const EVENTS = option('events', 1_000_000);
const BATCH = option('batch', 5_000);
const CONCURRENCY = option('concurrency', 4);
const RUNS = option('runs', 7);
const ROUNDS = option('rounds', 3);
const END = Date.UTC(2026, 10, 1);
const DELIVERIES = option('deliveries', 10_000);
const DELIVERY_CONCURRENCY = option('delivery-concurrency', 32);
const GITHUB_SECRET = 'bench-webhook-secret';

async function main(): Promise<void> {
  console.log(`flowmeter bench: ${EVENTS} build events over 90 days, NDJSON batches of ${BATCH}, concurrency ${CONCURRENCY}`);
  const events = [...buildEvents({ count: EVENTS, days: 90, endMs: END, seed: 42 })];
  const ndjsonBatches = chunk(events, BATCH).map((batch) => batch.map((e) => JSON.stringify(e)).join('\n'));
  const lineBatches = chunk(events, BATCH).map((batch) => batch.map((e) => toLineProtocol(toPoint(Event.parse(e)))).join('\n'));

  const influxd = await startInfluxd();
  const results: Record<string, string | number> = {};
  try {
    // Ingest runs in rounds, raw then service each round, and reports medians: one run on a
    // shared 2-core machine varies by several percent. Every run starts from an empty influxd
    // that has gone idle: the previous run's points (index, cache, and the compactions that
    // follow a write) would otherwise make influxd's work for the next run dearer.
    const rounds: Array<{ raw: number; service: number; influxdRaw: number; influxdService: number; serviceCpu: number }> = [];
    let service: BenchService | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const rawDb = `raw${round}`;
      await influxQuery(influxd.url, `CREATE DATABASE ${rawDb}`);
      await untilIdle(influxd.pid);
      let cpu = cpuMeter([influxd.pid]);
      const raw = await timed(() => parallel(lineBatches, (body) => post(`${influxd.url}/write?db=${rawDb}&precision=ns`, body, 'text/plain', 204)));
      const [influxdRaw] = cpu();
      await expectPoints(influxd.url, rawDb);
      await influxQuery(influxd.url, `DROP DATABASE ${rawDb}`);

      if (service) {
        await service.stop();
        await influxQuery(influxd.url, 'DROP DATABASE svc');
      }
      const current = await startService({ FLOWMETER_INFLUX_URL: influxd.url, FLOWMETER_INFLUX_DB: 'svc' });
      service = current;
      await untilIdle(influxd.pid);
      cpu = cpuMeter([influxd.pid, current.child.pid!]);
      const viaService = await timed(() => parallel(ndjsonBatches, (body) => post(`${current.url}/api/v1/events`, body, 'application/x-ndjson', 200)));
      const [influxdService, serviceCpu] = cpu();
      await expectPoints(influxd.url, 'svc');
      rounds.push({ raw: EVENTS / raw, service: EVENTS / viaService, influxdRaw, influxdService, serviceCpu });
      console.log(`round ${round}: raw ${Math.round(EVENTS / raw)}/s, service ${Math.round(EVENTS / viaService)}/s, ratio ${round2(raw / viaService)}`);
    }
    const median = (pick: (r: (typeof rounds)[number]) => number) => middle(rounds.map(pick));
    results['raw influxd write (events/s, median)'] = Math.round(median((r) => r.raw));
    results['service → InfluxDB ingest (events/s, median)'] = Math.round(median((r) => r.service));
    results['service/raw ingest ratio (median of rounds)'] = round2(median((r) => r.service / r.raw));
    results['ratio in each round'] = rounds.map((r) => round2(r.service / r.raw)).join(', ');
    results['influxd CPU per event, raw writes (µs)'] = round(median((r) => r.influxdRaw) / EVENTS, 1);
    results['influxd CPU per event, via the service (µs)'] = round(median((r) => r.influxdService) / EVENTS, 1);
    results['service CPU per event (µs)'] = round(median((r) => r.serviceCpu) / EVENTS, 1);
    if (!service) throw new Error('--rounds must be at least 1');

    const range = { startDate: (END - 90 * DAY) / 1000, endDate: END / 1000 - 1 };
    const statsPath = `/openapi/statistics/build?startDate=${range.startDate}&endDate=${range.endDate}`;
    // The equivalent raw InfluxQL is the service's own, as it reports it to Grafana's query inspector.
    const rawInfluxQL = await executedQuery(service.url, { from: END - 90 * DAY, to: END });
    const [serviceStats, rawStats] = await medians(() => get(`${service.url}${statsPath}`), () => influxQuery(influxd.url, rawInfluxQL, 'svc'));
    results['build statistics, 90 days, via service (ms)'] = round(serviceStats, 1);
    results['same InfluxQL straight to influxd (ms)'] = round(rawStats, 1);
    results['service/raw statistics latency'] = round(serviceStats / rawStats, 2);
    results['service peak RSS with InfluxDB (MB)'] = peakRssMb(service.child);
    await service.stop();

    const github = await startService({ FLOWMETER_INFLUX_URL: influxd.url, FLOWMETER_INFLUX_DB: 'gh', FLOWMETER_GITHUB_WEBHOOK_SECRET: GITHUB_SECRET });
    const deliveries = githubDeliveries(DELIVERIES, GITHUB_SECRET, END);
    // CPU per delivery is the receiver's cost whatever else runs on the machine; the sender's is
    // not (GitHub sends from elsewhere), but it shares the two cores here.
    const githubCpu = cpuMeter([github.child.pid!, influxd.pid]);
    const senderCpu = process.cpuUsage();
    const githubSeconds = await timed(() => deliverAll(github.url, deliveries, DELIVERY_CONCURRENCY));
    const [serviceUs, influxdUs] = githubCpu().map((us) => us / DELIVERIES);
    const { user, system } = process.cpuUsage(senderCpu);
    results[`GitHub workflow_run deliveries through the receiver, ${DELIVERY_CONCURRENCY} in flight (deliveries/s)`] = Math.round(DELIVERIES / githubSeconds);
    results['GitHub delivery: service CPU per delivery (µs)'] = Math.round(serviceUs);
    results['GitHub deliveries/s per core of service CPU (1 / CPU per delivery)'] = Math.round(1e6 / serviceUs);
    results['GitHub delivery: influxd / sender CPU per delivery (µs)'] = `${Math.round(influxdUs)} / ${Math.round((user + system) / DELIVERIES)}`;
    await github.stop();

    const dataDir = mkdtempSync(join(tmpdir(), 'flowmeter-bench-'));
    const embedded = await startService({ FLOWMETER_STORE: 'embedded', FLOWMETER_DATA_DIR: dataDir });
    const embeddedIngest = await timed(() => parallel(ndjsonBatches, (body) => post(`${embedded.url}/api/v1/events`, body, 'application/x-ndjson', 200)));
    results['service → embedded ingest (events/s)'] = Math.round(EVENTS / embeddedIngest);
    results['build statistics, 90 days, embedded (ms)'] = round((await medians(() => get(`${embedded.url}${statsPath}`)))[0], 1);
    results['service peak RSS with embedded store (MB)'] = peakRssMb(embedded.child);
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    await influxd.stop();
  }
  console.log('\n| measure | value |\n|---|---|');
  for (const [name, value] of Object.entries(results)) console.log(`| ${name} | ${value} |`);
}

async function executedQuery(url: string, range: { from: number; to: number }): Promise<string> {
  const { body } = await postQuery(url, { queries: [{ refId: 'A', kind: 'build' }], range, timezone: 'UTC' });
  return body.results.A.frames![0].schema.meta!.executedQueryString!;
}

interface BenchService { url: string; child: ChildProcess; stop(): Promise<void> }

async function startService(env: Record<string, string>): Promise<BenchService> {
  const port = await freePort();
  // Executed as npm start and the container run it: with the node flags on its first line.
  const child = spawn(join(__dirname, 'server.js'), [], {
    env: { ...process.env, FLOWMETER_PORT: String(port), FLOWMETER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

/** CPU time (user + system, µs) each process used from now until the returned function is called. */
function cpuMeter(pids: number[]): () => number[] {
  const read = () => pids.map((pid) => {
    // /proc/<pid>/stat: fields 14 and 15 (after the parenthesised name) are utime and stime in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS);
  });
  const start = read();
  return () => read().map((v, i) => v - start[i]);
}
/** Waits (up to a minute) until the process uses under 2% of a core for a whole second. */
async function untilIdle(pid: number): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const cpu = cpuMeter([pid]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpu()[0] < 20_000) return;
  }
}

/** Linux's USER_HZ, 100 on every common configuration. */
const CLOCK_TICKS = 100;

/** Linux's high-water mark of the process's resident memory. */
function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function post(url: string, body: string, contentType: string, expected: number): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  if (res.status !== expected) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

async function get(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

async function influxQuery(url: string, q: string, db?: string): Promise<void> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  await post(`${url}/query`, params.toString(), 'application/x-www-form-urlencoded', 200);
}

/** Every run must have written every event (a fast run that lost points would be no result). */
async function expectPoints(url: string, db: string): Promise<void> {
  const params = new URLSearchParams({ q: 'SELECT count("status") FROM "build"', db });
  const res = await fetch(`${url}/query?${params}`);
  const json = (await res.json()) as { results: Array<{ series?: Array<{ values: unknown[][] }> }> };
  const points = Number(json.results[0].series?.[0].values[0][1] ?? 0);
  if (points !== EVENTS) throw new Error(`${db} holds ${points} points, not ${EVENTS}`);
}

async function parallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Seconds taken. */
async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Median milliseconds of each piece of work over RUNS runs, after one warm-up; the pieces take
 * turns in every run, so both see the same machine (a busy moment does not favour one).
 */
async function medians(...works: Array<() => Promise<void>>): Promise<number[]> {
  for (const work of works) await work();
  const samples: number[][] = works.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [w, work] of works.entries()) samples[w].push((await timed(work)) * 1000);
  }
  return samples.map(middle);
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const round2 = (n: number) => round(n, 2);
const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
