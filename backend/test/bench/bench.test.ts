/**
 * The benchmark still runs: a tiny one (2,000 builds, one round, one run of each query) ends
 * well and prints its tables, every statistic with a latency for each peer. A broken query, an
 * answer that no longer matches the hand-written one, or a lost event fails it. No timing is
 * asserted (speed is the benchmark's to measure, not a test's).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { allowedCpus, cpusOf } from '../../bench/harness';

const ROOT = join(__dirname, '../../..');

describe('npm run bench', () => {
  beforeAll(() => { execFileSync(process.execPath, [join(ROOT, 'backend/build.mjs')], { cwd: ROOT }); });

  it('runs a small benchmark to the end and prints every row', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'backend/dist/bench.js'), '--events', '2000', '--rounds', '1', '--runs', '1', '--deliveries', '50'], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    });
    for (const measure of ['ingest, hand-written, same information', 'ingest, hand-written, lean', 'ingest, Flowmeter', 'Flowmeter CPU per event', 'ingest, Flowmeter embedded', 'Flowmeter peak RSS with the embedded store']) {
      expect(out).toMatch(new RegExp(`\\| ${measure}[^|]* \\| \\d`));
    }
    const statistics = out.split('\n').filter((line) => /^\| (daily|test|CircleCI|API traffic|DataArts|DORA)/.test(line));
    expect(statistics).toHaveLength(12);
    // Every statistic has a latency on the same-information peer, on the service (first answer),
    // on the embedded store, and a repeated (cached) answer with influxd's CPU for it.
    for (const row of statistics) expect(row).toMatch(/^\| [^|]+ \| \d[\d.]* \| [^|]+ \| \d[\d.]* \| \d[\d.]* \| \d[\d.]* \| \d[\d.]* \| \d[\d.]* \|$/);
  }, 180_000);

  it('reads a kernel core list as the cores it names', () => {
    expect(cpusOf('0-1')).toEqual([0, 1]);
    expect(cpusOf('2,5-7,9')).toEqual([2, 5, 6, 7, 9]);
  });

  it('pins influxd and the service to a core each with --pin, and still checks every build arrived', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'backend/dist/bench.js'), '--pin', '--store', 'influx', '--events', '2000', '--rounds', '1', '--runs', '1', '--deliveries', '0'], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    });
    // The first two cores this machine lets the bench use, one each, read back from the processes.
    const [first, second] = cpusOf(allowedCpus('self'));
    expect(out).toMatch(new RegExp(`\\| cores influxd / the service may run on \\(--pin\\) \\| ${first} / ${second} \\|`));
    expect(out).toMatch(/\| ingest, Flowmeter \(events\/s, median\) \| \d/);
  }, 180_000);
});
