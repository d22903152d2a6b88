/**
 * The benchmark (`npm run bench`), side by side in one run on the same influxd (README, Benchmark):
 *  - ingest of build events through the service (NDJSON) against line protocol written straight
 *    to influxd in two hand-written schemas a Grafana user would pick (handwritten.ts), with the
 *    CPU each process spends per event;
 *  - every documented statistic through the service against the hand-written InfluxQL giving
 *    the same numbers (statistics.ts; the numbers are checked equal before timing);
 *  - the same ingest and statistics on the embedded store; peak RSS and bytes on disk;
 *  - GitHub webhook deliveries/s through the receiver (signature check, mapping, store).
 * Options: --events N (1000000) builds over --days N (90), --projects N (20), --services N (50),
 * --batch N (5000), --concurrency N (4), --rounds N (3) of ingest, --runs N (7) of each query,
 * --deliveries N (10000) with --delivery-concurrency N (32); --scale: 10,000,000 builds over
 * 365 days, one round, 3 runs (each still overridable); --pin: on InfluxDB, influxd on one core
 * and the service on another (taskset), as on a machine where the service has a core of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventInput } from '../../contract/events';
import { startInfluxd, type RunningInfluxd } from '../test/support/influxd';
import { builds, otherEvents, type DatasetOptions } from './dataset';
import { deliverAll, githubDeliveries } from './githubDeliveries';
import { handWrittenLine, Lean, SameInformation, type HandWrittenSchema } from './handwritten';
import { allowedCpus, cpuMeter, cpusOf, medians, middle, parallel, peakRssMb, post, retriedRequests, round, startService, timed, untilIdle, type BenchService } from './harness';
import { influxql } from './influxql';
import { expectSameNumbers, handWrittenNumbers, statistics, type Numbers, type Span, type Statistic } from './statistics';

const DAY = 86_400_000;
const SCALE = process.argv.includes('--scale');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const EVENTS = option('events', SCALE ? 10_000_000 : 1_000_000);
const DAYS = option('days', SCALE ? 365 : 90);
const BATCH = option('batch', 5_000);
const CONCURRENCY = option('concurrency', 4);
const RUNS = option('runs', SCALE ? 3 : 7);
const ROUNDS = option('rounds', SCALE ? 1 : 3);
const DELIVERIES = option('deliveries', 10_000);
const DELIVERY_CONCURRENCY = option('delivery-concurrency', 32);
/** --store influx or --store embedded: only that store (the statistics then are not checked against the other). */
const STORE = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'both';
/**
 * --pin: the cores influxd and the service run on, so that neither takes the other's CPU: the
 * first two this process may use (a container's cores need not be 0 and 1).
 */
const PIN = process.argv.includes('--pin') ? pinnedCores() : undefined;

function pinnedCores(): { influxd: string; service: string } {
  const [influxd, service] = cpusOf(allowedCpus('self'));
  if (service === undefined) throw new Error(`--pin needs two cores; this process may use ${allowedCpus('self')}`);
  return { influxd: String(influxd), service: String(service) };
}
const GITHUB_SECRET = 'bench-webhook-secret';
const END = Date.UTC(2026, 10, 1);
const SPAN: Span = { fromMs: END - DAYS * DAY, toMs: END };
const DATASET: DatasetOptions = { builds: EVENTS, days: DAYS, endMs: END, projects: option('projects', 20), services: option('services', 50) };
/** Up to this many events, batches are rendered once and kept; beyond, rendered as sent (memory). */
const KEPT_EVENTS = 2_000_000;

/** The three ways of storing on InfluxDB, each in its own database of the one influxd. */
type InfluxPeer = 'same' | 'lean' | 'service';
const PEER_NAMES: Record<InfluxPeer, string> = { same: 'hand-written, same information', lean: 'hand-written, lean', service: 'Flowmeter' };

interface Batches { readonly count: number; each(): Iterable<string> }

/** Batches of a rendering of the events: kept when small enough, rendered again each time otherwise. */
function batchesOf(events: () => Iterable<EventInput>, count: number, render: (e: EventInput) => string | undefined): Batches {
  function* rendered(): Generator<string> {
    let lines: string[] = [];
    for (const event of events()) {
      const line = render(event);
      if (line === undefined) continue;
      lines.push(line);
      if (lines.length === BATCH) {
        yield lines.join('\n');
        lines = [];
      }
    }
    if (lines.length) yield lines.join('\n');
  }
  if (count > KEPT_EVENTS) return { count, each: rendered };
  const kept = [...rendered()];
  return { count, each: () => kept };
}

const ndjson = (e: EventInput) => JSON.stringify(e);
const lineProtocol = (schemas: Partial<Record<EventInput['kind'], HandWrittenSchema>>) => (e: EventInput) => handWrittenLine(schemas, e);
const buildBatches = (render: (e: EventInput) => string | undefined) => batchesOf(() => builds(DATASET), EVENTS, render);
const otherBatches = (render: (e: EventInput) => string | undefined) => batchesOf(() => otherEvents(DATASET), Infinity, render);

/** Sends every batch, CONCURRENCY at a time. */
const send = (batches: Batches, url: string, contentType: string, expected: number) =>
  parallel(batches.each(), CONCURRENCY, (body) => post(url, body, contentType, expected));

const writeUrl = (influx: RunningInfluxd, db: string) => `${influx.url}/write?db=${db}&precision=ns`;

/** Each measure as it is taken (printed at once too: a run that fails later keeps what it measured). */
const results = {
  rows: [] as Array<[string, string | number]>,
  push(row: [string, string | number]) {
    this.rows.push(row);
    console.log(`${row[0]}: ${row[1]}`);
  },
};
const statisticRows: string[] = [];

async function main(): Promise<void> {
  console.log(`flowmeter bench: ${EVENTS} build events over ${DAYS} days (${DATASET.projects} projects, ${DATASET.services} services), batches of ${BATCH}, concurrency ${CONCURRENCY}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const ingest: Record<InfluxPeer, Batches> = {
    same: buildBatches(lineProtocol(SameInformation)),
    lean: buildBatches(lineProtocol(Lean)),
    service: buildBatches(ndjson),
  };
  if (STORE !== 'embedded') await influx(ingest);
  if (STORE !== 'influx') await embedded(ingest.service);
  for (const [name, l] of latencies) {
    const ms = (n?: number) => (n === undefined ? '—' : round(n, 1));
    statisticRows.push(`| ${name} | ${ms(l.same)} | ${ms(l.lean)} | ${ms(l.service)} | ${l.service && l.same ? round(l.service / l.same, 2) : '—'} | ${ms(l.embedded)} | ${ms(l.repeated)} | ${ms(l.repeatedInfluxdMs)} |`);
  }
  results.push(['write requests retried after a 503 or an influxd timeout (all peers)', retriedRequests]);
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\n| measure | value |\n|---|---|');
  for (const [name, value] of results.rows) console.log(`| ${name} | ${value} |`);
  console.log(`\n| statistic | ${PEER_NAMES.same} (ms) | ${PEER_NAMES.lean} (ms) | Flowmeter on InfluxDB, first answer (ms) | Flowmeter / same information | Flowmeter embedded (ms) | Flowmeter on InfluxDB, repeated answer (cached; ms) | influxd CPU per repeated answer (ms) |\n|---|---|---|---|---|---|---|---|`);
  for (const row of statisticRows) console.log(row);
}

async function influx(ingest: Record<InfluxPeer, Batches>): Promise<void> {
  const influxd = await startInfluxd(undefined, { cpus: PIN?.influxd });
  try {
    const service = await influxIngest(influxd, ingest);
    await influxStatistics(influxd, service);
    results.push(['Flowmeter peak RSS with InfluxDB (MB)', peakRssMb(service.child.pid!)]);
    await service.stop();
    if (DELIVERIES > 0) await githubReceiver(influxd);
  } finally {
    await influxd.stop();
  }
}

/**
 * Ingest in rounds, each peer in turn, medians reported: one run on a shared 2-core machine
 * varies by several percent. Every run starts on an empty database of an influxd gone idle
 * (the previous run's compactions would otherwise be charged to the next). The last round's
 * databases stay for the statistics.
 */
async function influxIngest(influxd: RunningInfluxd, batches: Record<InfluxPeer, Batches>): Promise<BenchService> {
  const perRound: Array<Record<InfluxPeer, { rate: number; influxd: number; service?: number }>> = [];
  let service: BenchService | undefined;
  for (let r = 1; r <= ROUNDS; r++) {
    const round = {} as (typeof perRound)[number];
    for (const peer of ['same', 'lean', 'service'] as const) {
      if (peer === 'service') await service?.stop();
      await influxql(influxd.url, `DROP DATABASE ${peer}`);
      if (peer === 'service') {
        // Cache off: its figures are first answers (cold); repeatedAnswers times a cache-on replica.
        service = await startService({ FLOWMETER_INFLUX_URL: influxd.url, FLOWMETER_INFLUX_DB: 'service', FLOWMETER_INFLUX_CACHE: 'off' }, PIN?.service);
        // Read back from the processes themselves: the figures are only pinned if they were.
        if (PIN && r === 1) results.push(['cores influxd / the service may run on (--pin)', `${allowedCpus(influxd.pid)} / ${allowedCpus(service.child.pid!)}`]);
      } else {
        await influxql(influxd.url, `CREATE DATABASE ${peer}`);
      }
      // The previous round's service may still be recomputing its rollups.
      await untilIdle([influxd.pid, ...(service ? [service.child.pid!] : [])]);
      const pids = peer === 'service' ? [influxd.pid, service!.child.pid!] : [influxd.pid];
      const cpu = cpuMeter(pids);
      const seconds = await timed(() => (peer === 'service'
        ? send(batches.service, `${service!.url}/api/v1/events`, 'application/x-ndjson', 200)
        : send(batches[peer], writeUrl(influxd, peer), 'text/plain', 204)));
      const [influxdCpu, serviceCpu] = cpu();
      round[peer] = { rate: EVENTS / seconds, influxd: influxdCpu / EVENTS, service: serviceCpu === undefined ? undefined : serviceCpu / EVENTS };
      await expectBuilds(influxd, peer);
    }
    perRound.push(round);
    console.log(`round ${r}: same information ${Math.round(round.same.rate)}/s, lean ${Math.round(round.lean.rate)}/s, Flowmeter ${Math.round(round.service.rate)}/s`);
  }
  const median = (pick: (r: (typeof perRound)[number]) => number) => middle(perRound.map(pick));
  for (const peer of ['same', 'lean', 'service'] as const) results.push([`ingest, ${PEER_NAMES[peer]} (events/s, median)`, Math.round(median((r) => r[peer].rate))]);
  results.push(['Flowmeter / same-information ingest (median of rounds)', round(median((r) => r.service.rate / r.same.rate), 2)]);
  results.push(['ratio in each round', perRound.map((r) => round(r.service.rate / r.same.rate, 2)).join(', ')]);
  results.push(['Flowmeter / lean ingest (median of rounds)', round(median((r) => r.service.rate / r.lean.rate), 2)]);
  for (const peer of ['same', 'lean', 'service'] as const) results.push([`influxd CPU per event, ${PEER_NAMES[peer]} (µs)`, round(median((r) => r[peer].influxd), 1)]);
  results.push(['Flowmeter CPU per event (µs)', round(median((r) => r.service.service!), 1)]);
  return service!;
}

/**
 * Every run must have stored every build (a fast run that lost points would be no result). The
 * service's points are counted in its `build` measurement whatever fields they carry: the most
 * any field counts (count(*) answers one column per field).
 */
async function expectBuilds(influxd: RunningInfluxd, peer: InfluxPeer): Promise<void> {
  const [series] = (await influxql(influxd.url, peer === 'service' ? 'SELECT count(*) FROM "build"' : 'SELECT count("duration") FROM builds', peer))[0];
  const stored = series ? Math.max(...series.values[0].slice(1).map(Number)) : 0;
  if (stored !== EVENTS) throw new Error(`${PEER_NAMES[peer]} holds ${stored} builds, not ${EVENTS}`);
}

/** The other event kinds into each database, then every statistic, its numbers checked equal first. */
async function influxStatistics(influxd: RunningInfluxd, service: BenchService): Promise<void> {
  const others = otherBatches(ndjson);
  await send(others, `${service.url}/api/v1/events`, 'application/x-ndjson', 200);
  for (const [peer, schemas] of [['same', SameInformation], ['lean', Lean]] as const) await send(otherBatches(lineProtocol(schemas)), writeUrl(influxd, peer), 'text/plain', 204);
  // Steady state: the service has recomputed the rollups of what was written (its head start).
  await untilIdle([influxd.pid, service.child.pid!]);
  for (const [db, name] of [['service', 'Flowmeter'], ['same', PEER_NAMES.same], ['lean', PEER_NAMES.lean]] as const) {
    results.push([`bytes on disk per million events, ${name} (MB)`, round(diskBytes(join(influxd.dir, 'data', db), join(influxd.dir, 'wal', db)) / 1e6 / (eventCount() / 1e6), 1)]);
  }
  for (const statistic of statistics(SPAN)) {
    const sameInformation = () => handWrittenNumbers(influxd.url, 'same', statistic.sameInformation);
    const lean = statistic.lean && (() => handWrittenNumbers(influxd.url, 'lean', statistic.lean!));
    const flowmeter = () => statistic.service(service.url);
    await expectAgreement(statistic, flowmeter, sameInformation, lean);
    const [s, same, l] = await medians(RUNS, [flowmeter, sameInformation, ...(lean ? [lean] : [])]);
    latencies.set(statistic.name, { service: s, same, lean: l, answer: await flowmeter() });
    console.log(`${statistic.name}: Flowmeter ${round(s, 1)} ms, same information ${round(same, 1)} ms${l === undefined ? '' : `, lean ${round(l, 1)} ms`}`);
  }
  await repeatedAnswers(influxd);
}

/**
 * A dashboard refreshing its panels: a replica with the result cache on (the default) asks each
 * statistic once (a miss: computed, kept), then again RUNS times, nothing written between; its
 * answers must equal the first ones. Reported apart from the first answers, never as them.
 */
async function repeatedAnswers(influxd: RunningInfluxd): Promise<void> {
  const cached = await startService({ FLOWMETER_INFLUX_URL: influxd.url, FLOWMETER_INFLUX_DB: 'service' }, PIN?.service);
  try {
    for (const statistic of statistics(SPAN)) {
      const row = latencies.get(statistic.name)!;
      expectSameNumbers(statistic.name, 'Flowmeter, repeated answer', await statistic.service(cached.url), row.answer!);
      const cpu = cpuMeter([influxd.pid]);
      [row.repeated] = await medians(RUNS, [() => statistic.service(cached.url)]);
      row.repeatedInfluxdMs = cpu()[0] / 1000 / (RUNS + 1);
      console.log(`${statistic.name}: Flowmeter repeated answer (cached) ${round(row.repeated, 1)} ms, influxd CPU ${round(row.repeatedInfluxdMs, 1)} ms an answer`);
    }
  } finally {
    await cached.stop();
  }
}

/** Per statistic: its latencies, and the service's answer on InfluxDB (the embedded store must give the same). */
const latencies = new Map<string, { service?: number; same?: number; lean?: number; embedded?: number; repeated?: number; repeatedInfluxdMs?: number; answer?: Numbers }>();

async function expectAgreement(statistic: Statistic, flowmeter: () => Promise<Numbers>, sameInformation: () => Promise<Numbers>, lean?: () => Promise<Numbers>): Promise<void> {
  const answer = await flowmeter();
  expectSameNumbers(statistic.name, PEER_NAMES.same, answer, await sameInformation());
  if (lean) expectSameNumbers(statistic.name, PEER_NAMES.lean, answer, await lean());
}

/** Builds and the other kinds. */
let counted: number | undefined;
const eventCount = () => (counted ??= EVENTS + [...otherEvents(DATASET)].length);

function diskBytes(...paths: string[]): number {
  return Number(execFileSync('du', ['-sbc', ...paths], { encoding: 'utf8' }).trim().split('\n').pop()!.split('\t')[0]);
}

async function githubReceiver(influxd: RunningInfluxd): Promise<void> {
  const github = await startService({ FLOWMETER_INFLUX_URL: influxd.url, FLOWMETER_INFLUX_DB: 'gh', FLOWMETER_GITHUB_WEBHOOK_SECRET: GITHUB_SECRET }, PIN?.service);
  const deliveries = githubDeliveries(DELIVERIES, GITHUB_SECRET, END);
  // CPU per delivery is the receiver's cost whatever else runs on the machine; the sender's is
  // not (GitHub sends from elsewhere), but it shares the two cores here.
  const githubCpu = cpuMeter([github.child.pid!, influxd.pid]);
  const senderCpu = process.cpuUsage();
  const seconds = await timed(() => deliverAll(github.url, deliveries, DELIVERY_CONCURRENCY));
  const [serviceUs, influxdUs] = githubCpu().map((us) => us / DELIVERIES);
  const { user, system } = process.cpuUsage(senderCpu);
  results.push([`GitHub workflow_run deliveries through the receiver, ${DELIVERY_CONCURRENCY} in flight (deliveries/s)`, Math.round(DELIVERIES / seconds)]);
  results.push(['GitHub delivery: service CPU per delivery (µs)', Math.round(serviceUs)]);
  results.push(['GitHub deliveries/s per core of service CPU (1 / CPU per delivery)', Math.round(1e6 / serviceUs)]);
  results.push(['GitHub delivery: influxd / sender CPU per delivery (µs)', `${Math.round(influxdUs)} / ${Math.round((user + system) / DELIVERIES)}`]);
  await github.stop();
}

/** The same builds, other kinds and statistics on the embedded store (its answers checked against InfluxDB's). */
async function embedded(buildNdjson: Batches): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowmeter-bench-'));
  const service = await startService({ FLOWMETER_STORE: 'embedded', FLOWMETER_DATA_DIR: dataDir });
  try {
    const cpu = cpuMeter([service.child.pid!]);
    const seconds = await timed(() => send(buildNdjson, `${service.url}/api/v1/events`, 'application/x-ndjson', 200));
    results.push(['ingest, Flowmeter embedded (events/s)', Math.round(EVENTS / seconds)]);
    results.push(['Flowmeter embedded CPU per event (µs)', round(cpu()[0] / EVENTS, 1)]);
    results.push(['Flowmeter embedded peak RSS after the builds\' ingest (MB)', peakRssMb(service.child.pid!)]);
    const others = await timed(() => send(otherBatches(ndjson), `${service.url}/api/v1/events`, 'application/x-ndjson', 200));
    results.push(['ingest of the other kinds, Flowmeter embedded (events/s)', Math.round((eventCount() - EVENTS) / others)]);
    results.push(['Flowmeter embedded peak RSS after all ingest (MB)', peakRssMb(service.child.pid!)]);
    for (const statistic of statistics(SPAN)) {
      const row = latencies.get(statistic.name) ?? {};
      latencies.set(statistic.name, row);
      const answer = await statistic.service(service.url);
      if (row.answer) expectSameNumbers(statistic.name, 'Flowmeter on InfluxDB', answer, row.answer);
      [row.embedded] = await medians(RUNS, [() => statistic.service(service.url)]);
      // The peak so far after each statistic: which one raised it.
      console.log(`${statistic.name}: Flowmeter embedded ${round(row.embedded, 1)} ms (peak RSS so far ${peakRssMb(service.child.pid!)} MB)`);
    }
    results.push(['bytes on disk per million events, Flowmeter embedded (MB)', round(diskBytes(dataDir) / 1e6 / (eventCount() / 1e6), 1)]);
    results.push(['Flowmeter peak RSS with the embedded store (MB)', peakRssMb(service.child.pid!)]);
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  // A second for the services' exit events (harness.ts): a failed request may be a service that died.
  setTimeout(() => process.exit(1), 1000);
});
