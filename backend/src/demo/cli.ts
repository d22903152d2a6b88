/**
 * `npm run demo`: posts a realistic delivery history to a Flowmeter service.
 *
 *   FLOWMETER_URL=http://127.0.0.1:3001 FLOWMETER_INGEST_TOKEN=... npm run demo -- --seed 42 --days 90 [--incident]
 */
import { parseArgs } from 'node:util';
import { demoHistory } from './history';
import { progressBar, seed, SeedError } from './seed';

const USAGE = `usage: npm run demo -- [--seed N] [--days N] [--end ISO-time] [--incident] [--url URL] [--batch N]
  env: FLOWMETER_URL (default http://127.0.0.1:3001), FLOWMETER_INGEST_TOKEN`;

export function parseDemoArgs(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: '42' }, days: { type: 'string', default: '90' }, end: { type: 'string' },
      incident: { type: 'boolean', default: false }, url: { type: 'string' }, batch: { type: 'string', default: '5000' }, help: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new SeedError(`--${name} must be an integer >= ${min}, not "${text}"\n${USAGE}`);
    return n;
  };
  const endMs = values.end === undefined ? Date.now() : Date.parse(values.end);
  if (!Number.isFinite(endMs)) throw new SeedError(`--end must be an ISO time, not "${values.end}"`);
  return {
    help: values.help,
    history: { seed: int('seed', values.seed, 0), days: int('days', values.days, 1), endMs, incident: values.incident },
    target: { url: values.url ?? env.FLOWMETER_URL ?? 'http://127.0.0.1:3001', token: env.FLOWMETER_INGEST_TOKEN || undefined, batchSize: int('batch', values.batch, 1) },
  };
}

async function main(): Promise<void> {
  const options = parseDemoArgs(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { history, target } = options;
  process.stderr.write(`flowmeter demo: ${history.days} days (seed ${history.seed}${history.incident ? ', with an incident' : ''}) -> ${target.url}\n`);
  let day = { done: 0, of: history.days };
  const events = demoHistory(history, (done, of) => { day = { done, of }; });
  await seed(events, target, progressBar(), () => ({ fraction: day.done / day.of, detail: `day ${day.done}/${day.of}` }));
  process.stderr.write(nextSteps(target.url));
}

/** What to open once the data is in: said at the end of every run, so no one has to guess. */
export function nextSteps(url: string): string {
  const base = url.replace(/\/+$/, '');
  return [
    '',
    'flowmeter demo: done. Look at it:',
    `  ${base}/openapi/statistics/overview          Zadig-style overview (curl or a browser; add -H "Authorization: Bearer $READ" when tokens are on)`,
    `  ${base}/api/v2/insights/gh/acme/payments/workflows   CircleCI-style workflow insights`,
    `  ${base}/api/v1/health                         the service and its store`,
    '  README.md, "Endpoints": every endpoint with examples that read this data',
    '  Dashboards and alerts in Grafana: `cp .env.example .env` (set the passwords), then `docker compose up`,',
    '    and open http://localhost:3000 (folder "Flowmeter"); or add the plugin to your own Grafana (README, "Grafana plugin")',
    '',
  ].join('\n');
}

// Run as a program (the bundle), not when imported (tests).
if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`\nflowmeter demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
