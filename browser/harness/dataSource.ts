/**
 * The plugin's data source as Grafana instantiates it for the harness pages (settings, proxy
 * URL), and one query request run to its response.
 */
import { from as observe, lastValueFrom } from 'rxjs';
import { dateTime, type DataQuery, type DataQueryRequest, type DataQueryResponse, type DataSourceApi, type DataSourcePlugin, type DataSourceSettings, type TimeRange } from '@grafana/data';

export interface PluginModule {
  plugin: DataSourcePlugin<DataSourceApi<DataQuery>>;
}

/** The page server plays Grafana's data-source proxy under this URL (browser/server.ts). */
const PROXY = '/api/datasources/proxy/uid/flowmeter-browser';

/** The data source's saved settings: the service URL, the read token kept (encrypted) by Grafana. */
export function initialSettings(plugin: PluginModule['plugin'], serviceUrl: string): DataSourceSettings {
  return {
    id: 1, uid: 'flowmeter-browser', name: 'Flowmeter', type: plugin.meta?.id ?? 'flowmeter-insights-datasource',
    url: serviceUrl, jsonData: { defaultTimeZone: 'UTC' }, secureJsonFields: { readToken: true }, secureJsonData: {},
  } as unknown as DataSourceSettings;
}

export function createDataSource(plugin: PluginModule['plugin'], settings: DataSourceSettings): DataSourceApi<DataQuery> {
  return new plugin.DataSourceClass({ ...settings, url: PROXY, meta: { id: settings.type }, access: 'proxy', readOnly: false } as never);
}

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
