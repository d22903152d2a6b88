import { dateTime, type AdHocVariableFilter, type DataQueryRequest, type ScopedVars } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** A query request as a panel sends it, over a fixed range. */
export function queryRequest<Q extends DataQuery>(targets: Q[], range: { from: number; to: number }, extra: { timezone?: string; scopedVars?: ScopedVars; filters?: AdHocVariableFilter[] } = {}): DataQueryRequest<Q> {
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  return {
    requestId: 'test', interval: '1h', intervalMs: 3_600_000, startTime: range.from, app: 'dashboard',
    range: { from, to, raw: { from, to } }, timezone: extra.timezone ?? 'utc', scopedVars: extra.scopedVars ?? {}, targets,
    ...(extra.filters ? { filters: extra.filters } : {}),
  };
}
