/**
 * The OpenTelemetry JS SDK as a gateway would run it: a MeterProvider whose histogram
 * `http.server.request.duration` records requests, collected by a reader of the chosen
 * temporality and serialized by @opentelemetry/otlp-transformer's own exporters' serializers,
 * so tests send exactly the payloads the SDK's OTLP/HTTP exporters send.
 */
import { gzipSync } from 'node:zlib';
import type { Attributes, Histogram } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';

export { AggregationTemporality };

/** A reader collected on demand (the exporter's PeriodicExportingMetricReader does the same on a timer). */
class OnDemandReader extends MetricReader {
  constructor(temporality: AggregationTemporality) {
    super({ aggregationTemporalitySelector: () => temporality });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One HTTP server request as instrumentation records it. */
export interface Request {
  readonly route?: string;
  readonly status?: number;
  readonly server: string;
  readonly seconds: number;
  readonly requestBytes?: number;
  readonly errorType?: string;
}

export class InstrumentedGateway {
  private readonly reader: OnDemandReader;
  private readonly provider: MeterProvider;
  private readonly duration: Histogram;
  private readonly requestSize: Histogram;

  constructor(temporality: AggregationTemporality, resource: Attributes) {
    this.reader = new OnDemandReader(temporality);
    this.provider = new MeterProvider({ resource: resourceFromAttributes(resource), readers: [this.reader] });
    const meter = this.provider.getMeter('@acme/gateway', '1.0.0');
    // Bucket boundaries the semantic conventions advise for this histogram.
    this.duration = meter.createHistogram('http.server.request.duration', {
      unit: 's', advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
    });
    this.requestSize = meter.createHistogram('http.server.request.body.size', { unit: 'By' });
  }

  record(requests: readonly Request[]): void {
    for (const r of requests) {
      const attributes: Attributes = { 'http.request.method': 'GET', 'server.address': r.server, 'url.scheme': 'https' };
      if (r.route !== undefined) attributes['http.route'] = r.route;
      if (r.status !== undefined) attributes['http.response.status_code'] = r.status;
      if (r.errorType !== undefined) attributes['error.type'] = r.errorType;
      this.duration.record(r.seconds, attributes);
      if (r.requestBytes !== undefined) this.requestSize.record(r.requestBytes, attributes);
    }
  }

  async collect(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length) throw errors[0];
    return resourceMetrics;
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

export const protobufPayload = (metrics: ResourceMetrics): Buffer => Buffer.from(ProtobufMetricsSerializer.serializeRequest(metrics)!);
export const jsonPayload = (metrics: ResourceMetrics): Buffer => Buffer.from(JsonMetricsSerializer.serializeRequest(metrics)!);
export const gzip = (payload: Buffer): Buffer => gzipSync(payload);
/** The SDK exporter's own reading of a protobuf ExportMetricsServiceResponse. */
export const readProtobufResponse = (body: Uint8Array) => ProtobufMetricsSerializer.deserializeResponse(body);
