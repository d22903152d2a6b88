import type { DataSourceInstanceSettings } from '@grafana/data';
import type { FlowmeterOptions } from '../types/config';

/** What Grafana hands the DataSource constructor for a stored data source (a backend plugin: no URL for the browser). */
export function instanceSettings(uid: string, jsonData: FlowmeterOptions): DataSourceInstanceSettings<FlowmeterOptions> {
  return {
    id: 1, uid, type: 'flowmeter-insights-datasource', name: 'Flowmeter', access: 'proxy', readOnly: false, jsonData,
    meta: { id: 'flowmeter-insights-datasource', name: 'Flowmeter', type: 'datasource', annotations: true, metrics: true, backend: true, alerting: true } as DataSourceInstanceSettings['meta'],
  };
}
