/**
 * The benchmark's machinery: the service as a child process, CPU and memory read from /proc,
 * HTTP helpers that fail loudly, and timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../test/support/influxd';

export interface BenchService { url: string; child: ChildProcess; stop(): Promise<void> }

/** `cpus`: run it on these cores only (`taskset -c`, which execs it: the pid stays the service's). */
export async function startService(env: Record<string, string>, cpus?: string): Promise<BenchService> {
  const port = await freePort();
  // Executed as npm start and the container run it: with the node flags on its first line.
  const server = join(__dirname, 'server.js');
  const child = spawn(cpus ? 'taskset' : server, cpus ? ['-c', cpus, server] : [], {
    // No query timeout: a slow answer is the benchmark's figure, not an error.
    env: { ...process.env, FLOWMETER_PORT: String(port), FLOWMETER_LOG_LEVEL: 'warn', FLOWMETER_QUERY_TIMEOUT_MS: '600000', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A benchmark that fails half-way leaves no service behind.
  process.once('exit', () => child.kill('SIGKILL'));
  // A service that dies (a native crash prints nothing) says so, not only "fetch failed" later.
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the service (${env.FLOWMETER_STORE ?? 'influx'}) exited: code ${code}, signal ${signal}`);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      stopping = true;
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** The cores a process may run on (`Cpus_allowed_list` in /proc/<pid>/status, e.g. "0" or "0-1"). */
export function allowedCpus(pid: number | 'self'): string {
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?';
}

/** The cores in such a list ("0-1", "2,5-6"), in order. */
export function cpusOf(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** Linux's USER_HZ, 100 on every common configuration. */
const CLOCK_TICKS = 100;

/** CPU time (user + system, µs) each process used from now until the returned function is called. */
export function cpuMeter(pids: number[]): () => number[] {
  const read = () => pids.map((pid) => {
    // /proc/<pid>/stat: fields 14 and 15 (after the parenthesised name) are utime and stime in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS);
  });
  const start = read();
  return () => read().map((v, i) => v - start[i]);
}

/**
 * Waits until each process uses under 2% of a core for three seconds on end: longer than the
 * service's quiet time before it recomputes rollups (2 s), so a pause between the last write
 * and that work is not taken for the end of it. At --scale that work takes minutes (a year of
 * days); after 30 minutes the run goes on and says so, as its figures are then not settled.
 */
export async function untilIdle(pids: number[]): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 1_800_000) {
    const cpu = cpuMeter(pids);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    if (cpu().every((us) => us < 60_000)) {
      if (Date.now() - started > 60_000) console.log(`(waited ${Math.round((Date.now() - started) / 1000)} s for influxd and the service to go idle)`);
      return;
    }
  }
  console.log('(influxd or the service still busy after 30 minutes: the figures that follow are not settled)');
}

/** Linux's high-water mark of the process's resident memory (VmHWM), MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** Requests re-sent after a 503 or a write timeout, by any sender of this process. */
export let retriedRequests = 0;
const MAX_ATTEMPTS = 10;

/**
 * Sends as a careful client does: a 503 (the service: the store did not take the write in
 * time) or influxd's 500 `timeout` is retried after Retry-After seconds (1 s without one); the
 * time spent waiting counts in the rate. Anything else unexpected stops the run.
 */
export async function post(url: string, body: string, contentType: string, expected: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    if (res.status === expected) {
      await res.arrayBuffer();
      return;
    }
    const text = await res.text();
    const transient = res.status === 503 || (res.status === 500 && text.includes('timeout'));
    if (!transient || attempt === MAX_ATTEMPTS) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
    retriedRequests++;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  }
}

/**
 * A request whose keep-alive connection the service closed while this process was too busy to
 * notice (rendering batches at --scale) fails before any answer: it is sent once more on a new
 * connection. Any other failure, or a second one, stands.
 */
async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetchOnce(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

export async function postJson<T = unknown>(url: string, body: unknown): Promise<T> {
  const res = await fetchOnce(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** Runs `work` over the items with `concurrency` of them in flight (items are taken as needed). */
export async function parallel<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  }));
}

/** Seconds taken. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Median milliseconds of each piece of work over `runs` runs, after one warm-up; the pieces take
 * turns in every run, so all see the same machine (a busy moment does not favour one).
 */
export async function medians(runs: number, works: ReadonlyArray<() => Promise<unknown>>): Promise<number[]> {
  for (const work of works) await work();
  const samples: number[][] = works.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [w, work] of works.entries()) samples[w].push((await timed(work)) * 1000);
  }
  return samples.map(middle);
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
export const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
