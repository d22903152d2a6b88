/** POST /v1/metrics in the OpenAPI document (its body is OTLP's, defined by opentelemetry-proto, not here). */
import { OTLP_METRICS_PATH, PROJECT_HEADER } from './route';

export const otlpPaths: Record<string, Record<string, object>> = {
  [OTLP_METRICS_PATH]: {
    post: {
      summary: 'OTLP/HTTP metrics (ExportMetricsServiceRequest): HTTP server duration and body-size histograms become per-minute API traffic (api_metrics events).',
      externalDocs: { url: 'https://opentelemetry.io/docs/specs/otlp/#otlphttp' },
      security: [{ bearer: [] }],
      parameters: [
        { name: PROJECT_HEADER, in: 'header', required: false, schema: { type: 'string' }, description: 'project_id when the resource has no flowmeter.project_id' },
        { name: 'project_id', in: 'query', required: false, schema: { type: 'string' }, description: 'project_id when neither the resource nor the header names one' },
      ],
      requestBody: {
        required: true,
        content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: { type: 'object' } } },
      },
      responses: {
        200: { description: 'ExportMetricsServiceResponse (partial_success when points were rejected), in the request\'s encoding, once stored' },
        400: { description: 'Not a decodable ExportMetricsServiceRequest (google.rpc.Status); nothing stored' },
        401: { description: 'Missing or wrong token' }, 403: { description: 'Token may not write' },
        413: { description: 'Body over FLOWMETER_MAX_BODY' }, 415: { description: 'Neither application/x-protobuf nor application/json' },
        503: { description: 'Storage unavailable; retry after Retry-After seconds; nothing stored' },
      },
    },
  },
};
