/**
 * The README's examples, as a newcomer pastes them: the Quick start's event and statistic, the
 * demo data, then every example of Ingest and Endpoints, run by bash in order against the real
 * service (today's date, whatever day the suite runs). Every curl must answer 200 with data:
 * no 404, no answer of only zeros or empty lists. And no example may quote a variable in single
 * quotes, where the shell would send `$READ` literally.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoHistory } from '../../src/demo/history';
import { seed } from '../../src/demo/seed';
import { openEmbeddedStore, type TestStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';

const ROOT = resolve(__dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
jest.setTimeout(180_000);

/** The ```sh blocks of the part of the README from `from` to the next heading of its level. */
function shBlocks(heading: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = heading.split(' ')[0];
  const next = README.slice(start + heading.length + 2).search(new RegExp(`\\n${level} `));
  const part = README.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
  return [...part.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

interface Call { status: number; args: string; body: string }

/**
 * Runs the blocks as one bash script (variables carry from one block to the next, as in one
 * terminal), with `curl` wrapped to record each call's status and answer.
 */
async function runInBash(blocks: string[], url: string, dir: string): Promise<Call[]> {
  const log = join(dir, `calls-${Date.now()}.tsv`);
  const prelude = `source ${join(__dirname, 'recordCurl.sh')}\n`;
  const script = prelude + blocks.join('\n').replaceAll('localhost:3001', url.replace(/^http:\/\//, ''));
  // Asynchronously: the service answers from this process.
  await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, CURL_LOG: log, READ: '' }, cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return readFileSync(log, 'utf8').trim().split('\n').map((line) => {
    const [status, args, body] = line.split('\t');
    return { status: Number(status), args: Buffer.from(args, 'base64').toString(), body: Buffer.from(body ?? '', 'base64').toString() };
  });
}

/** Envelope numbers that are not data (a Zadig `code` of 0 means "ok"). */
const ENVELOPE = new Set(['code', 'pageNum', 'pageSize']);
function numbersOf(value: unknown, key = ''): number[] {
  if (typeof value === 'number') return ENVELOPE.has(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => numbersOf(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersOf(v, k));
  return [];
}
function hasEmptyList(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 || value.some(hasEmptyList);
  if (value && typeof value === 'object') return Object.values(value).some(hasEmptyList);
  return false;
}

/** What is wrong with an answer, or undefined: 200, JSON, and data (a non-zero number, or no empty list). */
function problemOf(call: Call): string | undefined {
  if (call.status !== 200) return `answered ${call.status}`;
  let json: unknown;
  try {
    json = JSON.parse(call.body);
  } catch {
    return 'answered no JSON';
  }
  const numbers = numbersOf(json);
  if (numbers.length > 0 && numbers.every((n) => n === 0)) return 'answered only zeros';
  if (numbers.length === 0 && hasEmptyList(json)) return 'answered an empty list';
  return undefined;
}

/** Single-quoted text that holds `$NAME`, `${...}` or `$(...)`: the shell would not expand it. */
function singleQuotedVariables(script: string): string[] {
  const found: string[] = [];
  let quote: '' | "'" | '"' = '';
  let from = 0;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (quote === '' && c === '#' && (i === 0 || /\s/.test(script[i - 1]))) i = script.indexOf('\n', i) < 0 ? script.length : script.indexOf('\n', i);
    else if (quote === '' && (c === "'" || c === '"')) { quote = c; from = i; }
    else if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && /\$[A-Za-z_{(]/.test(script.slice(from, i))) found.push(script.slice(from, i + 1));
      quote = '';
    }
  }
  return found;
}

describe('the README\'s examples', () => {
  let current: TestStore;
  let service: RunningService;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowmeter-readme-'));
    current = await openEmbeddedStore();
    service = await startService(current.store);
  });
  afterAll(async () => {
    await service?.close();
    await current?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const quickStart = shBlocks('## Quick start').filter((block) => block.includes('curl'));
  const rest = [...shBlocks('## Ingest'), ...shBlocks('## Endpoints')];

  it('quotes no variable in single quotes', () => {
    // The check itself finds what the README used to have.
    expect(singleQuotedVariables(`curl -s -H 'Circle-Token: $READ' 'x?a=1' -d '{"t":'"$(date +%s)"'}'`)).toEqual([`'Circle-Token: $READ'`]);
    for (const block of [...quickStart, ...rest]) expect(singleQuotedVariables(block.replace(/<<EOF\n[\s\S]*?\nEOF\n/g, ''))).toEqual([]);
  });

  it('points to a contract inside the repository', () => {
    const links = [...README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((href) => !/^https?:/.test(href));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) {
      expect(href).not.toMatch(/^\.\.\//);
      expect(() => readFileSync(join(ROOT, href))).not.toThrow();
    }
  });

  it('answer with data when pasted in order after the Quick start and the demo', async () => {
    const first = await runInBash(quickStart, service.url, dir);
    expect(first.map((call) => [call.args.split(' ').find((a) => a.includes('/')), problemOf(call)])).toEqual(first.map((call) => [call.args.split(' ').find((a) => a.includes('/')), undefined]));
    expect(JSON.parse(first[0].body)).toEqual({ accepted: 1 });

    // `npm run demo`'s history, of fewer days (the examples read at most the last 30).
    await seed(demoHistory({ days: 31, endMs: Date.now() }), { url: service.url });

    const calls = await runInBash(rest, service.url, dir);
    expect(calls.length).toBeGreaterThanOrEqual(17);
    const problems = calls.map((call) => ({ call: call.args, problem: problemOf(call), body: call.body.slice(0, 300) })).filter((p) => p.problem);
    expect(problems).toEqual([]);
  });
});
