// The plugin process's costs (`npm run bench`, after the service's benchmark; or
// `node pkg/bench.mjs` after `npm run build:backend` and `npm run build:plugin-backend`):
// start time (spawn to handshake line, as Grafana waits for it), RSS idle after start, and RSS
// and latency over QueryData calls answered by the service on the embedded store.
// Options: --starts N (5), --queries N (200).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const option = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const STARTS = option('starts', 5);
const QUERIES = option('queries', 200);
const executable = join('dist', `${JSON.parse(readFileSync('src/plugin.json', 'utf8')).executable}_linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`);
const env = { grafana_plugin_type: 'datasource', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_PROTOCOL_VERSIONS: '2', GF_VERSION: '12.4.0' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function startPlugin() {
  const started = process.hrtime.bigint();
  const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (chunk) => resolve(chunk.split('\n')[0]));
    child.once('exit', (code) => reject(new Error(`plugin exited ${code}`)));
  });
  return { child, address: line.split('|')[3], ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });

async function startService() {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowmeter-plugin-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['backend/dist/server.js'], { env: { ...process.env, FLOWMETER_PORT: String(port), FLOWMETER_DATA_DIR: dataDir, FLOWMETER_STORE: 'embedded', FLOWMETER_LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const now = Date.now();
  const events = Array.from({ length: 500 }, (_, i) => ({ kind: 'build', id: `b${i}`, project: `p${i % 5}`, status: i % 7 ? 'success' : 'failure', time: new Date(now - i * 600_000).toISOString(), duration: 60 + (i % 90) }));
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  if (!res.ok) throw new Error(`ingest answered ${res.status}`);
  return { url, stop: () => { child.kill(); rmSync(dataDir, { recursive: true, force: true }); } };
}

async function main() {
  const starts = [];
  const idle = [];
  for (let i = 0; i < STARTS; i++) {
    const plugin = await startPlugin();
    starts.push(plugin.ms);
    await new Promise((r) => setTimeout(r, 300));
    idle.push(rssMb(plugin.child.pid));
    plugin.child.kill();
  }
  console.log(`plugin start (spawn to handshake), median of ${STARTS}: ${median(starts).toFixed(0)} ms; idle RSS ${median(idle).toFixed(1)} MB`);

  const service = await startService();
  const plugin = await startPlugin();
  const proto = grpc.loadPackageDefinition(loadSync(join('pkg/proto/backend.proto'), { keepCase: true, longs: Number, bytes: Buffer, defaults: true }));
  const client = new proto.pluginv2.Data(plugin.address, grpc.credentials.createInsecure());
  const now = Date.now();
  const request = {
    pluginContext: { orgId: 1, pluginId: 'flowmeter-insights-datasource', dataSourceInstanceSettings: { uid: 'flowmeter', url: service.url, jsonData: Buffer.from('{}') } },
    queries: [{ refId: 'A', timeRange: { fromEpochMS: now - 7 * 86_400_000, toEpochMS: now }, json: Buffer.from(JSON.stringify({ kind: 'build', projects: [] })) }],
  };
  const latencies = [];
  let peak = 0;
  try {
    for (let i = 0; i < QUERIES; i++) {
      const t = process.hrtime.bigint();
      const answer = await new Promise((resolve, reject) => client.QueryData(request, (err, res) => (err ? reject(err) : resolve(res))));
      if (answer.responses.A.error) throw new Error(answer.responses.A.error);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (i % 20 === 0) peak = Math.max(peak, rssMb(plugin.child.pid));
    }
    peak = Math.max(peak, rssMb(plugin.child.pid));
    console.log(`plugin QueryData (daily builds, 7 days, through the service on the embedded store), ${QUERIES} calls: median ${median(latencies).toFixed(1)} ms; plugin RSS peak ${peak.toFixed(1)} MB`);
  } finally {
    client.close();
    plugin.child.kill();
    service.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
