/**
 * API traffic (ROMA / APIG statistics): requests, status classes, latency and bytes. The range
 * ends at the last whole hour (the service buckets a day's range by the hour), so the current,
 * partial hour never shows as a drop at the end of every line.
 */
import { dashboard, lookupVariable, series, stat, textVariable } from '../grafana';

const metrics = { kind: 'api_metrics', projectId: '$project_id', instanceId: '$instance_id', apiId: '$api' } as const;

export const traffic = dashboard({
  uid: 'flowmeter-api-traffic',
  title: 'Flowmeter / API traffic',
  description: 'Requests, 2xx/4xx/5xx, latency (max and mean) and bytes in/out per minute, hour or day (from the time range), over whole buckets.',
  from: 'now-24h/h',
  to: 'now-1h/h',
  variables: [
    textVariable('project_id', 'Project ID', 'proj-1'),
    textVariable('instance_id', 'Instance ID', 'apig-1'),
    lookupVariable('api', 'API', 'apis', { filters: { project_id: '$project_id', instance_id: '$instance_id' }, all: true }),
  ],
  panels: [
    series('Requests', metrics, ['req_count'], { w: 12, description: 'Requests per bucket (minute up to 3 hours, hour up to 3 days, else day) to the selected API(s).' }),
    series('Requests by status class', metrics, ['req_count2xx', 'req_count4xx', 'req_count5xx'], {
      bars: true, stacked: true, w: 12, description: 'Requests per bucket by response status class: 2xx green, 4xx orange, 5xx red.',
    }),
    series('Latency', metrics, ['max_latency', 'avg_latency', 'avg_backend_latency'], { w: 12, description: 'Maximum and mean latency per bucket, and the mean time spent in the backend.' }),
    series('Bytes in / out', metrics, ['input_throughput', 'output_throughput'], { w: 12, description: 'Request and response bytes per bucket.' }),
    stat('Errors (4xx + 5xx) in the last hour', metrics, 'req_count_error', { size: { w: 12, h: 5 }, description: 'Client and server errors in the last whole bucket of the range; the sparkline shows the range.' }),
    stat('Max latency in the last hour', metrics, 'max_latency', { size: { w: 12, h: 5 }, description: 'The slowest call in the last whole bucket of the range; the sparkline shows the range.' }),
  ],
});
