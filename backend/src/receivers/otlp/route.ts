/**
 * POST /v1/metrics: the OTLP/HTTP metrics endpoint, as the OpenTelemetry collector's `otlphttp`
 * exporter (or an SDK's OTLP exporter) sends: binary protobuf or JSON, optionally gzip-encoded,
 * with an ingest token (Authorization: Bearer). The mapped `api_metrics` events go through the
 * ingest pipeline (validation, points, store); the answer, ExportMetricsServiceResponse, is sent
 * once they are stored. Errors follow OTLP/HTTP: a google.rpc.Status in the request's encoding;
 * 503 with Retry-After when the store is down (the exporter retries), 4xx otherwise (it drops).
 */
import express, { Router, type ErrorRequestHandler } from 'express';
import type { Config } from '../../config';
import type { Store } from '../../store/Store';
import { requireScope } from '../../http/auth';
import { ApiError, RETRY_AFTER_SECONDS, toApiError } from '../../http/errors';
import { writeEvents } from '../../ingest/pipeline';
import { CumulativeSeries } from './cumulative';
import { mapRequest } from './mapping';
import { decodeRequest, encodeResponse, encodeStatus, wireFormat } from './wire';

export const OTLP_METRICS_PATH = '/v1/metrics';
/** Names the project when the resource has no `flowmeter.project_id` (or `?project_id=`). */
export const PROJECT_HEADER = 'X-Flowmeter-Project-Id';

/** google.rpc.Code values for the statuses this endpoint answers. */
const RPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 3, 415: 3, 500: 13, 503: 14 };

export function otlpRouter({ config, store }: { config: Config; store: Store }): Router {
  const series = new CumulativeSeries(BigInt(Date.now()) * 1_000_000n);
  const router = Router();
  router.post(
    OTLP_METRICS_PATH,
    requireScope(config, 'ingest'),
    (req, _res, next) => next(wireFormat(req.headers['content-type']) ? undefined
      : new ApiError('unsupported_media_type', 'Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)')),
    // Inflates gzip/deflate (Content-Encoding) and applies FLOWMETER_MAX_BODY to the inflated body.
    express.raw({ type: () => true, limit: config.maxBodyBytes }),
    async (req, res) => {
      const format = wireFormat(req.headers['content-type'])!;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      let request;
      try {
        request = decodeRequest(body, format);
      } catch (err) {
        throw new ApiError('bad_request', (err as Error).message);
      }
      const mapped = mapRequest(request, { projectId: requestedProject(req), series });
      try {
        if (mapped.events.length) await writeEvents(store, mapped.events).written;
      } catch (err) {
        mapped.rollback();
        throw err;
      }
      send(res, 200, encodeResponse(format, { rejectedDataPoints: mapped.rejected, errorMessage: mapped.message }));
    },
  );
  router.use(OTLP_METRICS_PATH, otlpErrors);
  return router;
}

function requestedProject(req: express.Request): string | undefined {
  const header = req.header(PROJECT_HEADER)?.trim();
  const query = typeof req.query.project_id === 'string' ? req.query.project_id.trim() : undefined;
  return header || query || undefined;
}

function send(res: express.Response, status: number, body: Buffer | object): void {
  res.status(status);
  if (Buffer.isBuffer(body)) res.type('application/x-protobuf').send(body);
  else res.type('application/json').send(JSON.stringify(body));
}

/** Errors as OTLP/HTTP wants them: a Status in the request's encoding (JSON when it had none). */
const otlpErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const error = toApiError(err);
  if (error.kind === 'internal') req.log?.error({ err }, 'unhandled error');
  if (error.kind === 'unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  const format = wireFormat(req.headers['content-type']) ?? 'json';
  send(res, error.status, encodeStatus(format, RPC_CODE[error.status] ?? 2, error.message));
};
