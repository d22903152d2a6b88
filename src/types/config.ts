import type { DataSourceJsonData } from '@grafana/data';

/** Saved in the data source's jsonData (visible to every dashboard viewer: no secrets here). */
export interface FlowmeterOptions extends DataSourceJsonData {
  /** Base URL of the Flowmeter service, e.g. http://flowmeter:3001; the proxy route targets it. */
  url?: string;
  /** IANA zone used for day buckets when the dashboard's zone is "browser" or unset. */
  defaultTimeZone?: string;
}

/** Encrypted by Grafana and only ever read by its proxy route (plugin.json), never by the browser. */
export interface FlowmeterSecureOptions {
  readToken?: string;
}
