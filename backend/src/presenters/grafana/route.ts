/**
 * POST /api/v1/query: Grafana's query model in, data frames out, in the shape of Grafana's
 * /api/ds/query. Each query is validated and answered on its own: a bad one gets its own
 * `{"error"}` and the others are still answered.
 */
import express, { type Router } from 'express';
import { Query, QueryRequest } from '../../../../contract/query';
import type { Config } from '../../config';
import type { Store } from '../../store/Store';
import { isTimeZone } from '../../time/calendar';
import { ApiError, logServerError, toApiError } from '../../http/errors';
import type { Logger } from 'pino';
import { recordingStore } from '../../store/recording';
import { adhocFilteredStore } from '../../store/adhocFiltered';
import { allowedValues } from '../../statistics/adhocFilters';
import type { Caller } from '../../http/auth';
import { handlerFor, type QueryContext } from './kinds';

export const QUERY_PATH = '/api/v1/query';

/**
 * Queries of one request answered at once. Preparing a query (day windows, statements) is
 * synchronous work: fifty started in one go would hold the event loop, health and ingest
 * included, for all of their preparations together.
 */
const QUERIES_AT_ONCE = 4;

export function queryRoute(router: Router, config: Config, store: Store): void {
  router.post(QUERY_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    const parsed = QueryRequest.safeParse(req.body);
    if (!parsed.success) throw new ApiError('bad_request', `invalid query request: ${formatIssues(parsed.error.issues)}`);
    const { queries, range, timezone } = parsed.data;
    const context: QueryContext = {
      store, range: { fromMs: range.from, toMs: range.to + 1 }, requested: { fromMs: range.from, toMs: range.to }, tz: resolveZone(timezone, config.timeZone), user: (res.locals.caller as Caller).user,
    };
    const entries = await mapLimited(queries, QUERIES_AT_ONCE, async (raw) => [raw.refId, await answer(raw, context, req.log)] as const);
    res.json({ results: Object.fromEntries(entries) });
  });
}

async function answer(raw: unknown, context: QueryContext, log: Logger | undefined): Promise<{ frames: unknown[] } | { error: string; status: number }> {
  const query = Query.safeParse(raw);
  if (!query.success) return { error: `invalid query: ${formatIssues(query.error.issues)}`, status: 400 };
  try {
    // Grafana's ad-hoc filters narrow every store call of the query (unknown values: nothing matches).
    const filtered = query.data.adhocFilters?.length ? adhocFilteredStore(context.store, await allowedValues(context.store, query.data.adhocFilters)) : context.store;
    // Each query's store calls are recorded as the engine's text, for Grafana's query inspector.
    const recorded = recordingStore(filtered);
    const frames = await handlerFor(query.data)(query.data, { ...context, store: recorded.store });
    for (const f of frames) f.schema.meta = { ...f.schema.meta, executedQueryString: recorded.executed.join(';\n') };
    return { frames };
  } catch (err) {
    const error = toApiError(err);
    logServerError(log, error, err);
    return { error: error.message, status: error.status };
  }
}

/** fn over items, at most `limit` at once; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Grafana sends 'browser', 'utc' or an IANA name; the plugin resolves 'browser' before sending. */
function resolveZone(timezone: string | undefined, fallback: string): string {
  if (!timezone || timezone === 'browser') return fallback;
  if (timezone.toLowerCase() === 'utc') return 'UTC';
  if (!isTimeZone(timezone)) throw new ApiError('bad_request', `timezone "${timezone}" is not an IANA time zone`);
  return timezone;
}

const formatIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
