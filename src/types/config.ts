import type { DataSourceJsonData, DataSourceSettings } from '@grafana/data';

/** Saved in the data source's jsonData (visible to every dashboard viewer: no secrets here). */
export interface FlowmeterOptions extends DataSourceJsonData {
  /**
   * @deprecated The service URL of data sources saved before 0.2: the standard `url` field holds
   * it now. Still honoured (the backend, pkg/flowmeter/settings.ts, falls back to it) until the
   * data source is saved again from its settings page, which moves it to `url` (migrateSettings).
   */
  url?: string;
  /** IANA zone for day buckets when a dashboard names no zone of its own (absent: the browser's). */
  defaultTimeZone?: string;
}

/** Encrypted by Grafana and only ever read by the plugin's backend on the Grafana server, never by the browser. */
export interface FlowmeterSecureOptions {
  readToken?: string;
}

export type FlowmeterSettings = DataSourceSettings<FlowmeterOptions, FlowmeterSecureOptions>;

/**
 * Settings saved before 0.2 (service URL in jsonData.url) moved to the standard `url` field, so
 * Grafana's own URL handling (data_source_proxy_whitelist, the HTTP settings) applies. The
 * standard URL wins when both are set. Returns the settings unchanged when there is nothing to move.
 */
export function migrateSettings<S extends Pick<FlowmeterSettings, 'url' | 'jsonData'>>(settings: S): S {
  const { url: legacyUrl, ...jsonData } = settings.jsonData;
  if (legacyUrl === undefined) return settings;
  return { ...settings, url: settings.url || legacyUrl, jsonData };
}
