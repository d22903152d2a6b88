/**
 * The plugin's data source as Grafana instantiates it for the harness pages (settings of the
 * data source the page server stores, uid `flowmeter`), Grafana's data source service resolving
 * the dashboards' references to it, and one query request run to its response.
 */
import { from as observe, lastValueFrom } from 'rxjs';
import { dateTime, type DataQuery, type DataQueryRequest, type DataQueryResponse, type DataSourceApi, type DataSourceInstanceSettings, type DataSourcePlugin, type DataSourceRef, type DataSourceSettings, type TimeRange } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';

export interface PluginModule {
  plugin: DataSourcePlugin<DataSourceApi<DataQuery>>;
}

/** The data source the page server stores (browser/server.ts). */
const UID = 'flowmeter';

/** The data source's saved settings: the service URL, the read token kept (encrypted) by Grafana. */
export function initialSettings(plugin: PluginModule['plugin'], serviceUrl: string): DataSourceSettings {
  return {
    id: 1, uid: UID, name: 'Flowmeter', type: plugin.meta?.id ?? 'flowmeter-insights-datasource',
    url: serviceUrl, jsonData: { defaultTimeZone: 'UTC' }, secureJsonFields: { readToken: true }, secureJsonData: {},
  } as unknown as DataSourceSettings;
}

/** The instance settings of the data source last created: what Grafana's data source service knows. */
let current: DataSourceInstanceSettings | undefined;

export function createDataSource(plugin: PluginModule['plugin'], settings: DataSourceSettings): DataSourceApi<DataQuery> {
  current = { ...settings, url: `/api/datasources/proxy/uid/${settings.uid}`, meta: { id: settings.type, backend: true }, access: 'proxy', readOnly: false } as unknown as DataSourceInstanceSettings;
  return new plugin.DataSourceClass(current as never);
}

/** Grafana's data source service, as DataSourceWithBackend asks it about a query's `datasource` reference. */
export const dataSourceSrv = {
  getInstanceSettings: (ref?: DataSourceRef | string | null) => {
    const uid = typeof ref === 'string' ? ref : ref?.uid;
    return current && (!uid || uid === current.uid) ? current : undefined;
  },
} as unknown as DataSourceSrv;

export interface TimeRangeMs {
  from: number;
  to: number;
}

/** Grafana's TimeRange of an absolute range. */
export function timeRange(range: TimeRangeMs): TimeRange {
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  return { from, to, raw: { from, to } };
}

/** A request as a panel's query runner makes it (UTC, no scoped variables). */
export function queryRequest<Q extends DataQuery>(targets: Q[], range: TimeRangeMs, requestId = 'harness'): DataQueryRequest<Q> {
  return {
    requestId, interval: '1h', intervalMs: 3_600_000, startTime: Date.now(), app: 'dashboard', timezone: 'utc',
    range: timeRange(range), scopedVars: {}, targets,
  };
}

/** Runs targets through the data source's query() and waits for the response. */
export function runQuery(datasource: DataSourceApi<DataQuery>, targets: DataQuery[], range: TimeRangeMs, requestId?: string): Promise<DataQueryResponse> {
  return lastValueFrom(observe(datasource.query(queryRequest(targets, range, requestId))));
}
