/**
 * Every documented statistic the benchmark times: the service's endpoint, and the InfluxQL a
 * Grafana user would write over the hand-written schemas (handwritten.ts) for the same numbers.
 * Each side reduces its answer to named numbers; the benchmark checks they agree before it
 * times anything, so the comparison is of equal answers.
 *
 * Not compared (no InfluxQL gives them): CircleCI's MTTR and DORA's time to restore (runs in
 * order), and p95, which InfluxQL's PERCENTILE takes at rank floor(N x p + 0.5) where the
 * contract's nearest rank is ceil(N x p) (the service corrects for it; a user would not).
 */
import { Scope } from './dataset';
import { getJson, postJson } from './harness';
import { influxql, single, total, timeRange, type StatementResult } from './influxql';

export type Numbers = Record<string, number | null>;

export interface Span { readonly fromMs: number; readonly toMs: number }

/** InfluxQL over a hand-written database, and how its answer reads as the statistic's numbers. */
export interface HandWrittenQuery {
  readonly query: string;
  readonly numbers: (results: StatementResult[]) => Numbers;
}

export interface Statistic {
  readonly name: string;
  /** The service's request, and its answer as numbers. */
  readonly service: (url: string) => Promise<Numbers>;
  readonly sameInformation: HandWrittenQuery;
  readonly lean?: HandWrittenQuery;
}

interface Frame { schema: { fields: Array<{ name: string }> }; data: { values: unknown[][] } }
type FrameAnswer = { results: Record<string, { frames?: Frame[]; error?: string }> };

/** The first frame the service answers to one Grafana query, as columns by name. */
async function grafanaColumns(url: string, query: Record<string, unknown>, span: Span): Promise<Record<string, unknown[]>> {
  // Grafana's range is closed: `to` is the span's last millisecond.
  const answer = await postJson<FrameAnswer>(`${url}/api/v1/query`, { queries: [{ refId: 'A', ...query }], range: { from: span.fromMs, to: span.toMs - 1 }, timezone: 'UTC' });
  const result = answer.results.A;
  if (!result.frames?.[0]) throw new Error(`${String(query.kind)}: ${result.error ?? 'no frame'}`);
  const frame = result.frames[0];
  return Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i]]));
}

const isFailure = (t: Record<string, string>) => t.status === 'failure' || t.status === 'timeout';
const isSuccess = (t: Record<string, string>) => t.status === 'success';
const unix = (ms: number) => Math.floor(ms / 1000);
const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((n, item) => n + pick(item), 0);

/** Daily outcomes (Zadig build, deploy, v2 release): a count per day and status, days in `tz`. */
function dailyOutcomes(name: string, measurement: string, path: (span: Span) => string, read: (body: never) => Numbers, span: Span, tz = 'UTC'): Statistic {
  const handWritten: HandWrittenQuery = {
    query: `SELECT count("duration") FROM ${measurement} WHERE ${timeRange(span.fromMs, span.toMs)} GROUP BY time(1d), status tz('${tz}')`,
    numbers: ([counts]) => ({ total: total(counts, 'count'), success: total(counts, 'count', isSuccess), failure: total(counts, 'count', isFailure) }),
  };
  return { name, service: async (url) => read(await getJson<never>(`${url}${path(span)}`)), sameInformation: handWritten, lean: handWritten };
}

interface ZadigDaily { total: number; success: number; data: Array<{ failure: number }> }
interface ZadigRelease { total: number; success_count: number; daily_stat: Array<{ fail_count: number }> }
interface ZadigTest { case_count: number; exec_count: number; success_count: number; data: Array<{ failed_count: number; timeout_count: number }> }

const zadigDaily = (b: ZadigDaily): Numbers => ({ total: b.total, success: b.success, failure: sum(b.data, (d) => d.failure) });
const zadigRange = (span: Span, tz = 'UTC') => `startDate=${unix(span.fromMs)}&endDate=${unix(span.toMs) - 1}&tz=${tz}`;
/** India's days (UTC+05:30): the span moved so that it covers whole local days. */
const INDIA = { tz: 'Asia/Kolkata', offsetMs: 5.5 * 3_600_000 };

/** CircleCI workflow or job summaries of one project: counts, credits and duration statistics per name. */
function runSummaries(name: string, kind: 'workflows' | 'jobs', span: Span): Statistic {
  const measurement = kind === 'workflows' ? 'workflow_runs' : 'job_runs';
  const groupBy = kind === 'workflows' ? 'workflow' : 'job';
  const where = `project_slug = '${Scope.slug}'${kind === 'jobs' ? ` AND workflow = '${Scope.workflow}'` : ''} AND ${timeRange(span.fromMs, span.toMs)}`;
  const stats = ['min', 'max', 'mean', 'median', 'stddev'];
  return {
    name,
    async service(url) {
      const c = await grafanaColumns(url, { kind, projectSlug: Scope.slug, ...(kind === 'jobs' ? { workflow: Scope.workflow } : {}) }, span);
      const out: Numbers = {};
      (c.name as string[]).forEach((n, i) => {
        const at = (column: string) => (c[column][i] as number | null);
        Object.assign(out, {
          [`${n}.total`]: at('total_runs'), [`${n}.successful`]: at('successful_runs'), [`${n}.failed`]: at('failed_runs'), [`${n}.credits`]: at('total_credits_used'),
          ...Object.fromEntries(stats.map((s) => [`${n}.${s}`, at(s === 'stddev' ? 'duration_standard_deviation' : `duration_${s}`)])),
        });
      });
      return out;
    },
    sameInformation: {
      query: [
        `SELECT count("duration"), sum(credits_used), ${stats.map((s) => `${s}("duration")`).join(', ')}, percentile("duration", 95) FROM ${measurement} WHERE ${where} GROUP BY ${groupBy}`,
        `SELECT count("duration") FROM ${measurement} WHERE ${where} AND (status = 'success' OR status = 'failed' OR status = 'error') GROUP BY ${groupBy}, status`,
      ].join('; '),
      numbers([summary, outcomes]) {
        const out: Numbers = {};
        for (const s of summary) {
          const n = s.tags![groupBy];
          const row = s.values[0];
          const at = (column: string) => row[s.columns.indexOf(column)] as number | null;
          Object.assign(out, {
            [`${n}.total`]: at('count'), [`${n}.credits`]: at('sum'),
            [`${n}.successful`]: total(outcomes, 'count', (t) => t[groupBy] === n && isSuccess(t)),
            [`${n}.failed`]: total(outcomes, 'count', (t) => t[groupBy] === n && (t.status === 'failed' || t.status === 'error')),
            ...Object.fromEntries(stats.map((st) => [`${n}.${st}`, at(st)])),
          });
        }
        return out;
      },
    },
  };
}

/** ROMA Connect API traffic of one gateway instance per API and minute, hour or day over the span. */
function traffic(cycle: 'MINUTE' | 'HOUR' | 'DAY', span: Span): Statistic {
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  // end_time is a whole second, the last one included.
  const path = `/v2/${Scope.apiProject}/apic/instances/${Scope.apiInstance}/statistics/api?mode=INSTANCE&cycle=${cycle}&tz=UTC`
    + `&start_time=${encodeURIComponent(local(span.fromMs))}&end_time=${encodeURIComponent(local(span.toMs - 1000))}`;
  const bucket = { MINUTE: '1m', HOUR: '1h', DAY: '1d' }[cycle];
  interface Bucket { req_count: number; req_count2xx: number; req_count4xx: number; req_count5xx: number; req_count_error: number; input_throughput: number; output_throughput: number; max_latency: number; max_backend_latency: number }
  return {
    name: `API traffic by ${cycle.toLowerCase()}, one day, per API (ROMA)`,
    async service(url) {
      const { list } = await getJson<{ list: Bucket[] }>(`${url}${path}`);
      return {
        buckets: list.length, requests: sum(list, (b) => b.req_count), ok2xx: sum(list, (b) => b.req_count2xx), client4xx: sum(list, (b) => b.req_count4xx),
        server5xx: sum(list, (b) => b.req_count5xx), errors: sum(list, (b) => b.req_count_error), bytesIn: sum(list, (b) => b.input_throughput), bytesOut: sum(list, (b) => b.output_throughput),
        maxLatency: Math.max(...list.map((b) => b.max_latency)), maxBackendLatency: Math.max(...list.map((b) => b.max_backend_latency)),
      };
    },
    sameInformation: {
      query: `SELECT count(latency) AS requests, max(latency) AS max_latency, max(backend_latency) AS max_backend, sum(bytes_in) AS bytes_in, sum(bytes_out) AS bytes_out FROM api_calls `
        + `WHERE project_id = '${Scope.apiProject}' AND instance_id = '${Scope.apiInstance}' AND time >= ${span.fromMs}ms AND time < ${span.toMs - 999}ms GROUP BY time(${bucket}), api_id, status_class tz('UTC')`,
      numbers([rows]) {
        const cls = (c: string) => (t: Record<string, string>) => t.status_class === c;
        const buckets = new Set<string>();
        let maxLatency = 0;
        let maxBackendLatency = 0;
        for (const s of rows) {
          for (const row of s.values) {
            if (!row[s.columns.indexOf('requests')]) continue; // count() answers 0 for an empty bucket
            buckets.add(`${s.tags!.api_id} ${row[0]}`);
            maxLatency = Math.max(maxLatency, Number(row[s.columns.indexOf('max_latency')]));
            maxBackendLatency = Math.max(maxBackendLatency, Number(row[s.columns.indexOf('max_backend')]));
          }
        }
        return {
          buckets: buckets.size, requests: total(rows, 'requests'), ok2xx: total(rows, 'requests', cls('2xx')), client4xx: total(rows, 'requests', cls('4xx')),
          server5xx: total(rows, 'requests', cls('5xx')), errors: total(rows, 'requests', (t) => t.status_class !== '2xx'),
          bytesIn: total(rows, 'bytes_in'), bytesOut: total(rows, 'bytes_out'), maxLatency, maxBackendLatency,
        };
      },
    },
  };
}

/** The statistics over a span of whole UTC days ending at endMs; API traffic over its last day. */
export function statistics(span: Span): Statistic[] {
  const lastDay: Span = { fromMs: span.toMs - 86_400_000, toMs: span.toMs };
  const lastWeek: Span = { fromMs: span.toMs - 7 * 86_400_000, toMs: span.toMs };
  const spanCondition = timeRange(span.fromMs, span.toMs);
  return [
    dailyOutcomes('daily build outcomes (Zadig build)', 'builds', (s) => `/openapi/statistics/build?${zadigRange(s)}`, zadigDaily, span),
    dailyOutcomes('daily build outcomes, days in India (Zadig build, tz=Asia/Kolkata)', 'builds', (s) => `/openapi/statistics/build?${zadigRange(s, INDIA.tz)}`, zadigDaily,
      { fromMs: span.fromMs - INDIA.offsetMs, toMs: span.toMs - INDIA.offsetMs }, INDIA.tz),
    dailyOutcomes('daily deploy outcomes (Zadig deploy)', 'deploys', (s) => `/openapi/statistics/deploy?${zadigRange(s)}`, zadigDaily, span),
    {
      name: 'test runs by week (Zadig test)',
      service: async (url) => {
        const b = await getJson<ZadigTest>(`${url}/openapi/statistics/test?${zadigRange(span)}`);
        return { executions: b.exec_count, success: b.success_count, failure: sum(b.data, (w) => w.failed_count + w.timeout_count), cases: b.case_count };
      },
      sameInformation: {
        query: `SELECT count("duration"), sum(cases) FROM tests WHERE ${spanCondition} GROUP BY time(1d), status tz('UTC')`,
        numbers: ([r]) => ({ executions: total(r, 'count'), success: total(r, 'count', isSuccess), failure: total(r, 'count', isFailure), cases: total(r, 'sum') }),
      },
      lean: {
        query: `SELECT count("duration") FROM tests WHERE ${spanCondition} GROUP BY time(1d), status tz('UTC')`,
        numbers: ([r]) => ({ executions: total(r, 'count'), success: total(r, 'count', isSuccess), failure: total(r, 'count', isFailure) }),
      },
    },
    dailyOutcomes('daily release outcomes (Zadig v2 release)', 'releases',
      (s) => `/openapi/statistics/v2/release?start_time=${unix(s.fromMs)}&end_time=${unix(s.toMs) - 1}&tz=UTC`,
      (b: ZadigRelease) => ({ total: b.total, success: b.success_count, failure: sum(b.daily_stat, (d) => d.fail_count) }), span),
    runSummaries('CircleCI workflow summaries, one project', 'workflows', span),
    runSummaries('CircleCI job summaries, one workflow', 'jobs', span),
    traffic('MINUTE', lastDay),
    traffic('HOUR', lastDay),
    traffic('DAY', lastDay),
    {
      name: 'DataArts task overview, last 7 days',
      async service(url) {
        const c = await grafanaColumns(url, { kind: 'task_overview', projectId: Scope.dataArtsProject }, lastWeek);
        const counts = (c.status as string[]).map((s, i) => [s, c.count[i] as number] as const);
        return { total: sum(counts, ([, n]) => n), ...Object.fromEntries(counts) };
      },
      sameInformation: {
        query: `SELECT count(instance_id) FROM task_instances WHERE project_id = '${Scope.dataArtsProject}' AND ${timeRange(lastWeek.fromMs, lastWeek.toMs)} GROUP BY status`,
        numbers: ([r]) => ({ total: total(r, 'count'), ...Object.fromEntries(r.map((s) => [s.tags!.status, Number(s.values[0][1])])) }),
      },
    },
    {
      name: 'DORA summary, prod',
      async service(url) {
        const c = await grafanaColumns(url, { kind: 'dora', env: 'prod' }, span);
        const one = (name: string) => c[name][0] as number | null;
        return { deployments: one('deployments'), failed: one('failed_deployments'), leadTimeMedian: one('lead_time_median'), leadTimeMean: one('lead_time_mean'), rollbacks: one('rollbacks') };
      },
      sameInformation: {
        query: [
          `SELECT count("duration") FROM deploys WHERE env = 'prod' AND ${spanCondition} GROUP BY status`,
          `SELECT median(lead_time), mean(lead_time) FROM deploys WHERE env = 'prod' AND status = 'success' AND ${spanCondition}`,
          `SELECT count(id) FROM rollbacks WHERE env = 'prod' AND ${spanCondition}`,
        ].join('; '),
        numbers: ([outcomes, lead, rollbacks]) => ({
          deployments: total(outcomes, 'count', isSuccess), failed: total(outcomes, 'count', isFailure),
          leadTimeMedian: single(lead, 'median'), leadTimeMean: single(lead, 'mean'), rollbacks: single(rollbacks, 'count') ?? 0,
        }),
      },
    },
  ];
}

/** Runs a hand-written query on a database and reads its numbers. */
export const handWrittenNumbers = async (influxUrl: string, db: string, q: HandWrittenQuery): Promise<Numbers> => q.numbers(await influxql(influxUrl, q.query, db));

/** Throws unless every number the hand-written answer has is the service's (to 1e-9 relative). */
export function expectSameNumbers(statistic: string, peer: string, service: Numbers, handWritten: Numbers): void {
  const keys = Object.keys(handWritten);
  if (!keys.length) throw new Error(`${statistic}: ${peer} answered no numbers`);
  const wrong = keys.filter((k) => {
    const [a, b] = [service[k], handWritten[k]];
    if (a === null || b === null || a === undefined) return a !== b;
    return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  });
  if (wrong.length) throw new Error(`${statistic}: the service and ${peer} disagree on ${wrong.map((k) => `${k} (${service[k]} vs ${handWritten[k]})`).join(', ')}`);
}
