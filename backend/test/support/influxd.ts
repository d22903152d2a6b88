/**
 * Starts a real influxd (Debian's 1.6.7, or whatever `influxd` is on PATH) with a config and data
 * directory of its own on free loopback ports. Used by the test suite and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningInfluxd {
  url: string;
  pid: number;
  /** Its data (`data/<db>`) and write-ahead log (`wal/<db>`) live under here. */
  dir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * auth: HTTP authentication on (the first user must then be created as an admin, without credentials).
 * cpus: run it on these cores only (`taskset -c`, which execs it: the pid stays influxd's), as
 * the benchmark's --pin does.
 */
export async function startInfluxd(binary = process.env.INFLUXD ?? 'influxd', options: { auth?: boolean; cpus?: string } = {}): Promise<RunningInfluxd> {
  const dir = mkdtempSync(join(tmpdir(), 'flowmeter-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, `
reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  auth-enabled = ${options.auth === true}
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
`);
  const command = options.cpus ? ['taskset', '-c', options.cpus, binary] : [binary];
  const child: ChildProcess = spawn(command[0], [...command.slice(1), '-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(
    new Error(`cannot start ${command[0]} (${err.message}); install it with: apt-get install -y ${options.cpus ? 'util-linux' : 'influxdb'}`))));
  const url = `http://127.0.0.1:${httpPort}`;
  await Promise.race([waitForPing(url, () => child.exitCode !== null, () => stderr), spawnError]);
  return {
    url,
    pid: child.pid!,
    dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string, hasExited: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`influxd exited at start:\n${stderr()}`);
    if ((await pingStatus(url)) === 204) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer /ping within 30 s:\n${stderr()}`);
}

/** node:http without keep-alive, so no socket outlives the check (jest waits for open handles). */
function pingStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = get(`${url}/ping`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
  });
}
