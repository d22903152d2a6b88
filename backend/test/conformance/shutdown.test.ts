/**
 * Shutdown finishes within its deadline whatever happens to the process's output: the built
 * service in its own process, its stdout and stderr closed by the reader (`npm start | head`,
 * a log shipper that died), then SIGTERM.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/influxd';

const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'backend/dist/server.js');
jest.setTimeout(60_000);

const exited = (child: ChildProcess, withinMs: number) => new Promise<{ code: number | null; signal: string | null } | 'still running'>((resolve) => {
  const timer = setTimeout(() => resolve('still running'), withinMs);
  child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal }); });
});

describe('shutdown with a closed output pipe', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const stalledReaders: number[] = [];
  // Always the current source: a stale build would test old code.
  beforeAll(() => { execFileSync(process.execPath, [join(ROOT, 'backend/build.mjs')], { cwd: ROOT }); });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const fd of stalledReaders) closeSync(fd);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The service with stdout and stderr on a real pipe (a FIFO: what `| head` gives it, where a
   * spawned child's 'pipe' would be a socket). The reader takes lines until "flowmeter
   * listening", then closes its end, as `head` does.
   */
  async function start(reader: 'closes' | 'stalls' = 'closes'): Promise<{ child: ChildProcess; url: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'flowmeter-shutdown-'));
    dirs.push(dir);
    const fifo = join(dir, 'out');
    execFileSync('mkfifo', [fifo]);
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    const port = await freePort();
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, FLOWMETER_STORE: 'embedded', FLOWMETER_DATA_DIR: join(dir, 'data'), FLOWMETER_PORT: String(port), FLOWMETER_HOST: '127.0.0.1', FLOWMETER_LOG_LEVEL: 'info' },
      stdio: ['ignore', writer, writer],
    });
    children.push(child);
    closeSync(writer);
    let output = '';
    const buffer = Buffer.alloc(65536);
    for (let i = 0; !output.includes('flowmeter listening'); i++) {
      if (child.exitCode !== null || i > 300) throw new Error(`the service did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
      try {
        output += buffer.toString('utf8', 0, readSync(readEnd, buffer));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
    }
    if (reader === 'closes') closeSync(readEnd);
    else stalledReaders.push(readEnd);
    return { child, url: `http://127.0.0.1:${port}` };
  }

  it.each([
    ['after requests have logged into the closed pipe', 3],
    ['when the first write to the closed pipe is the shutdown log itself', 0],
  ])('SIGTERM ends the process with code 0, %s', async (_when, requests) => {
    const { child, url } = await start();
    for (let i = 0; i < requests; i++) {
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    expect(await exited(child, 10_000)).toEqual({ code: 0, signal: null });
  });

  it('keeps answering while the reader stalls with the pipe full, and SIGTERM still ends it with code 0', async () => {
    const { child, url } = await start('stalls');
    // Each request logs a line of ~150 bytes: 600 fill the pipe's 64 KB and more.
    for (let i = 0; i < 600; i++) {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      expect(res.status).toBe(200);
    }
    child.kill('SIGTERM');
    expect(await exited(child, 10_000)).toEqual({ code: 0, signal: null });
  });
});
