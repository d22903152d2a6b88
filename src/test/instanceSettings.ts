import type { DataSourceInstanceSettings } from '@grafana/data';
import type { FlowmeterOptions } from '../types/config';
import { PROXY_URL } from './grafanaAdapters';

/** What Grafana hands the DataSource constructor for a proxied data source. */
export function instanceSettings(jsonData: FlowmeterOptions): DataSourceInstanceSettings<FlowmeterOptions> {
  return {
    id: 1, uid: 'flowmeter-test', type: 'flowmeter-insights-datasource', name: 'Flowmeter', access: 'proxy', readOnly: false,
    url: PROXY_URL, jsonData,
    meta: { id: 'flowmeter-insights-datasource', name: 'Flowmeter', type: 'datasource', annotations: true, metrics: true } as DataSourceInstanceSettings['meta'],
  };
}
