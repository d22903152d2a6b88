/**
 * The embedded store as a user runs it: the built service in its own process. A 200 means
 * committed, so kill -9 in the middle of ingest loses nothing acknowledged; data survives a
 * restart; a second process on the same data directory is refused with a clear message.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/influxd';
import { column, postQuery } from '../support/frames';

const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'backend/dist/server.js');
const BATCH = 200;
jest.setTimeout(60_000);

interface Running { url: string; child: ChildProcess; output: () => string }

function startProcess(dataDir: string, port: number): Running {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, FLOWMETER_STORE: 'embedded', FLOWMETER_DATA_DIR: dataDir, FLOWMETER_PORT: String(port), FLOWMETER_HOST: '127.0.0.1', FLOWMETER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

async function untilHealthy(running: Running): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (running.child.exitCode !== null) throw new Error(`service exited: ${running.output()}`);
    const ok = await fetch(`${running.url}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service did not become healthy: ${running.output()}`);
}

/** A process killed by a signal keeps exitCode null: it has ended when either is set. */
const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
const exited = (child: ChildProcess) => new Promise<number | null>((r) => (alive(child) ? child.once('exit', (code) => r(code)) : r(child.exitCode)));

/** One batch: BATCH builds of project `batch-<n>`. */
const batch = (n: number) => Array.from({ length: BATCH }, (_, i) => ({
  kind: 'build', id: `${n}-${i}`, project: `batch-${n}`, status: i % 5 ? 'success' : 'failure', time: Date.UTC(2026, 10, 1) + n * 1000 + i, duration: i,
}));

/** Builds per project, over everything stored. */
async function buildsPerProject(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/openapi/statistics/overview`);
  expect(res.status).toBe(200);
  const projects: string[] = (await (await fetch(`${url}/api/v1/lookup/projects`)).json()).values;
  const counts = new Map<string, number>();
  for (const project of projects) {
    const { body } = await postQuery(url, { queries: [{ refId: 'A', kind: 'build', projects: [project] }], range: { from: Date.UTC(2026, 9, 31), to: Date.UTC(2026, 10, 3) }, timezone: 'UTC' });
    const total = column(body.results.A.frames![0], 'total') as number[];
    counts.set(project, total.reduce((a, b) => a + b, 0));
  }
  return counts;
}

describe('embedded store durability (separate process)', () => {
  let dataDir: string;
  const processes: ChildProcess[] = [];

  beforeAll(() => {
    if (!existsSync(SERVER)) execFileSync(process.execPath, [join(ROOT, 'backend/build.mjs')], { cwd: ROOT });
    dataDir = mkdtempSync(join(tmpdir(), 'flowmeter-durability-'));
  });
  afterAll(async () => {
    for (const child of processes) if (alive(child)) { child.kill('SIGKILL'); await exited(child); }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('kill -9 during ingest loses no acknowledged batch, and no batch is half-written', async () => {
    const first = startProcess(dataDir, await freePort());
    processes.push(first.child);
    await untilHealthy(first);

    // Four concurrent writers; the process is killed once 30 batches were acknowledged.
    const acknowledged = new Set<number>();
    const refusals: string[] = [];
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (!killed && refusals.length === 0) {
        const n = next++;
        try {
          const res = await fetch(`${first.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch(n)),
            // Node's fetch can wait forever on a request whose server was killed mid-body.
            signal: AbortSignal.timeout(5000) });
          if (res.status === 200) acknowledged.add(n);
          else if (!killed) refusals.push(`${res.status} ${await res.text()}`);
        } catch (err) {
          // After the kill the connection dies with the process: not acknowledged.
          if (!killed) refusals.push(String((err as Error).cause ?? err));
        }
        if (acknowledged.size >= 30 && !killed) { killed = true; first.child.kill('SIGKILL'); }
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    expect(refusals).toEqual([]);
    await exited(first.child);
    expect(acknowledged.size).toBeGreaterThanOrEqual(30);

    const second = startProcess(dataDir, await freePort());
    processes.push(second.child);
    await untilHealthy(second);
    const counts = await buildsPerProject(second.url);
    for (const n of acknowledged) expect([n, counts.get(`batch-${n}`)]).toEqual([n, BATCH]);
    // Batches in flight at the kill are all there or not there at all.
    for (const [project, count] of counts) expect([project, count]).toEqual([project, BATCH]);

    // A graceful stop (SIGTERM) also keeps everything, and the directory is free again after it.
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    const third = startProcess(dataDir, await freePort());
    processes.push(third.child);
    await untilHealthy(third);
    expect(await buildsPerProject(third.url)).toEqual(counts);
  });

  test('a second process on the same data directory fails at start with a clear message', async () => {
    const running = processes.filter(alive);
    expect(running).toHaveLength(1);
    const intruder = startProcess(dataDir, await freePort());
    processes.push(intruder.child);
    const code = await exited(intruder.child);
    expect(code).not.toBe(0);
    expect(intruder.output()).toContain(`the data directory ${dataDir} is in use by another Flowmeter process`);
  });
});
