/**
 * Data/QueryData: Grafana's queries (each one's JSON is a Flowmeter query of contract/query.ts)
 * answered by the service's POST /api/v1/query, frames re-encoded as Arrow. Each query succeeds
 * or fails on its own, with a message that says what to change; queries that share a time range
 * and zone go to the service in one request.
 */
import { Query, QueryKinds } from '../../contract/query';
import { frameToArrow, type DataFrameJSON } from '../frames/arrow';
import { ServiceError } from '../flowmeter/client';
import type { CallContext } from './context';

export interface DataQueryMessage {
  refId: string;
  json?: Buffer | Uint8Array;
  timeRange?: { fromEpochMS?: number; toEpochMS?: number } | null;
  queryType?: string;
}

export interface DataResponseMessage {
  frames: Buffer[];
  error?: string;
  status: number;
  errorSource?: 'plugin' | 'downstream';
}

type Prepared = { refId: string; query: Query; range: { from: number; to: number }; timezone?: string };
type ServiceResult = { frames?: DataFrameJSON[]; error?: string; status?: number };

export async function queryData(queries: DataQueryMessage[], ctx: CallContext): Promise<Record<string, DataResponseMessage>> {
  const responses: Record<string, DataResponseMessage> = {};
  const groups = new Map<string, Prepared[]>();
  for (const message of queries) {
    const prepared = prepare(message, ctx);
    if ('error' in prepared) {
      responses[message.refId] = { frames: [], error: prepared.error, status: 400, errorSource: 'plugin' };
      continue;
    }
    const key = `${prepared.range.from}|${prepared.range.to}|${prepared.timezone ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), prepared]);
  }
  await Promise.all([...groups.values()].map(async (group) => {
    const answered = await ask(group, ctx);
    for (const q of group) responses[q.refId] = toResponse(answered[q.refId], q.refId);
  }));
  return responses;
}

function prepare(message: DataQueryMessage, ctx: CallContext): Prepared | { error: string } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(message.json ?? []).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return { error: 'The query is not valid JSON.' };
  }
  if (typeof raw !== 'object' || raw === null) return { error: 'The query is not a JSON object.' };
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(QueryKinds as readonly string[]).includes(kind)) {
    return { error: `Unknown query kind ${JSON.stringify(kind ?? null)}: pick one of ${QueryKinds.join(', ')} in the query editor.` };
  }
  const parsed = Query.safeParse({ ...raw, refId: message.refId });
  if (!parsed.success) {
    return { error: `Invalid ${kind} query: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}.` };
  }
  const from = message.timeRange?.fromEpochMS ?? 0;
  const to = message.timeRange?.toEpochMS ?? 0;
  const timezone = typeof raw.timezone === 'string' && raw.timezone ? raw.timezone : ctx.settings.defaultTimeZone;
  return { refId: message.refId, query: parsed.data, range: { from, to }, ...(timezone ? { timezone } : {}) };
}

async function ask(group: Prepared[], ctx: CallContext): Promise<Record<string, ServiceResult>> {
  const { range, timezone } = group[0];
  try {
    const answer = await ctx.client.post<{ results: Record<string, ServiceResult> }>('/api/v1/query', {
      queries: group.map((q) => q.query), range, ...(timezone ? { timezone } : {}),
    });
    return answer.results ?? {};
  } catch (err) {
    const error = err instanceof ServiceError ? err : new ServiceError((err as Error).message, 500, 'plugin');
    ctx.log.log('warn', 'query failed', { kinds: group.map((q) => q.query.kind).join(','), status: error.status, error: error.message, caller: ctx.caller });
    return Object.fromEntries(group.map((q) => [q.refId, { error: error.message, status: error.status }]));
  }
}

function toResponse(result: ServiceResult | undefined, refId: string): DataResponseMessage {
  if (!result) return { frames: [], error: `Flowmeter answered no result for query ${refId}.`, status: 502, errorSource: 'downstream' };
  if (result.error !== undefined) {
    const status = result.status ?? 500;
    return { frames: [], error: result.error, status, errorSource: status >= 500 || status === 401 || status === 403 ? 'downstream' : 'plugin' };
  }
  return { frames: (result.frames ?? []).map((f) => Buffer.from(frameToArrow(f))), status: 200 };
}
