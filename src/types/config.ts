import type { DataSourceJsonData } from '@grafana/data';

/** Saved in the data source's jsonData (visible to every dashboard viewer: no secrets here). */
export interface FlowmeterOptions extends DataSourceJsonData {
  /** Base URL of the Flowmeter service, e.g. http://flowmeter:3001; the proxy route targets it. */
  url?: string;
  /** IANA zone for day buckets when a dashboard names no zone of its own (absent: the browser's). */
  defaultTimeZone?: string;
}

/** Encrypted by Grafana and only ever read by its proxy route (plugin.json), never by the browser. */
export interface FlowmeterSecureOptions {
  readToken?: string;
}

/** plugin.json's route path: `${instanceSettings.url}/${PROXY_ROUTE}/api/v1/...` reaches the service. */
export const PROXY_ROUTE = 'flowmeter';
