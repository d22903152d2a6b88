/**
 * OTLP/HTTP metrics on the wire: ExportMetricsServiceRequest in, ExportMetricsServiceResponse
 * (or a google.rpc.Status on error) out, as binary protobuf or OTLP/JSON.
 *
 * The decoder is the OpenTelemetry project's own: the protobufjs root that
 * @opentelemetry/otlp-transformer generates from opentelemetry-proto (0.217.0 is the last
 * release that ships it; later ones only encode). Both encodings are normalized through it to
 * one plain shape (64-bit integers as decimal strings, enums as numbers), so the mapping reads
 * a single form whichever the client sent.
 */
import generatedRoot from '@opentelemetry/otlp-transformer/build/src/generated/root';

// The generated module is typed as a bare protobufjs Root; the message types used are below.
const root = generatedRoot as unknown as OtlpRoot;

export type WireFormat = 'protobuf' | 'json';

/** OTLP/HTTP's two content types (the spec's names); anything else is refused (415). */
export function wireFormat(contentType: string | undefined): WireFormat | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

// The normalized request (opentelemetry/proto/metrics/v1/metrics.proto, lowerCamelCase names).
export interface AnyValue { stringValue?: string; boolValue?: boolean; intValue?: string; doubleValue?: number }
export interface KeyValue { key: string; value?: AnyValue }
export interface HistogramPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  count?: string;
  sum?: number;
  bucketCounts?: string[];
  explicitBounds?: number[];
  max?: number;
  flags?: number;
}
export interface Metric {
  name?: string;
  unit?: string;
  histogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number };
  gauge?: { dataPoints?: unknown[] };
  sum?: { dataPoints?: unknown[] };
  summary?: { dataPoints?: unknown[] };
}
export interface ExportMetricsServiceRequest {
  resourceMetrics?: Array<{ resource?: { attributes?: KeyValue[] }; scopeMetrics?: Array<{ metrics?: Metric[] }> }>;
}

const TO_PLAIN = { longs: String, enums: Number, arrays: false, defaults: false } as const;

/** Throws a message for the client when the body is not an ExportMetricsServiceRequest. */
export function decodeRequest(body: Buffer, format: WireFormat): ExportMetricsServiceRequest {
  const type = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
  if (format === 'protobuf') {
    let message: unknown;
    try {
      message = type.decode(body);
    } catch (err) {
      throw new Error(`body is not a protobuf ExportMetricsServiceRequest: ${(err as Error).message}`, { cause: err });
    }
    return type.toObject(message, TO_PLAIN) as ExportMetricsServiceRequest;
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new Error(`body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('body is not an OTLP/JSON ExportMetricsServiceRequest object');
  try {
    return type.toObject(type.fromObject(json), TO_PLAIN) as ExportMetricsServiceRequest;
  } catch (err) {
    throw new Error(`body is not an OTLP/JSON ExportMetricsServiceRequest: ${(err as Error).message}`, { cause: err });
  }
}

export interface PartialSuccess {
  readonly rejectedDataPoints: number;
  readonly errorMessage: string;
}

/** ExportMetricsServiceResponse; partial_success only when something was rejected or warned about. */
export function encodeResponse(format: WireFormat, partial?: PartialSuccess): Buffer | object {
  const warn = partial && (partial.rejectedDataPoints > 0 || partial.errorMessage) ? partial : undefined;
  if (format === 'json') {
    // int64 as a decimal string, as OTLP/JSON writes 64-bit integers.
    return warn ? { partialSuccess: { rejectedDataPoints: String(warn.rejectedDataPoints), errorMessage: warn.errorMessage } } : {};
  }
  const type = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
  const message = warn ? { partialSuccess: { rejectedDataPoints: warn.rejectedDataPoints, errorMessage: warn.errorMessage } } : {};
  return Buffer.from(type.encode(type.fromObject(message)).finish());
}

/**
 * google.rpc.Status { code = 1; message = 2 }: OTLP/HTTP's error body. Written by hand (two
 * fields) because opentelemetry-proto's generated root does not include google.rpc.
 */
export function encodeStatus(format: WireFormat, code: number, message: string): Buffer | object {
  if (format === 'json') return { code, message };
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(text.length), text]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

interface MessageType {
  decode(data: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  fromObject(object: unknown): unknown;
  toObject(message: unknown, options: object): unknown;
}
interface OtlpRoot {
  opentelemetry: { proto: { collector: { metrics: { v1: { ExportMetricsServiceRequest: MessageType; ExportMetricsServiceResponse: MessageType } } } } };
}
