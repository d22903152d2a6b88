/** API traffic (ROMA / APIG statistics): requests, status classes, latency and bytes. */
import { dashboard, lookupVariable, series, stat, textVariable } from '../grafana';

const metrics = { kind: 'api_metrics', projectId: '$project_id', instanceId: '$instance_id', apiId: '$api' } as const;

export const traffic = dashboard({
  uid: 'flowmeter-api-traffic',
  title: 'Flowmeter / API traffic',
  description: 'Requests, 2xx/4xx/5xx, latency (max and mean) and bytes in/out per minute, hour or day (from the time range).',
  from: 'now-24h',
  variables: [
    textVariable('project_id', 'Project ID', 'proj-1'),
    textVariable('instance_id', 'Instance ID', 'apig-1'),
    lookupVariable('api', 'API', 'apis', { filters: { project_id: '$project_id', instance_id: '$instance_id' }, all: true }),
  ],
  panels: [
    series('Requests', metrics, ['req_count'], { w: 12 }),
    series('Requests by status class', metrics, ['req_count2xx', 'req_count4xx', 'req_count5xx'], { bars: true, stacked: true, w: 12 }),
    series('Latency', metrics, ['max_latency', 'avg_latency', 'avg_backend_latency'], { unit: 'ms', w: 12 }),
    series('Bytes in / out', metrics, ['input_throughput', 'output_throughput'], { unit: 'bytes', w: 12 }),
    stat('Errors (4xx + 5xx) in the last bucket', metrics, 'req_count_error', 'short', { w: 12, h: 5 }),
    stat('Max latency in the last bucket', metrics, 'max_latency', 'ms', { w: 12, h: 5 }),
  ],
});
