/**
 * Errors are values: a handler throws an ApiError, and the family it belongs to renders it in
 * its own format (Zadig, CircleCI, Huawei or Flowmeter's). No error string is assembled at the
 * call site in a family's shape.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../store/Store';
import { StoreBusyError } from '../store/readGate';

export type ErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'payload_too_large' | 'unsupported_media_type' | 'unavailable' | 'internal';

const statusOf: Record<ErrorKind, number> = {
  bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404,
  payload_too_large: 413, unsupported_media_type: 415, unavailable: 503, internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A family's own code where its documents name one (e.g. 'APIG.2012', 'DLF.21113'). */
    readonly code?: string,
    /** Extra body fields (ingest's per-item `details`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return statusOf[this.kind];
  }
}

export const badRequest = (message: string, code?: string) => new ApiError('bad_request', message, code);
export const notFound = (message: string, code?: string) => new ApiError('not_found', message, code);

/** How a family writes an error body (`path`: the request's, for families whose services differ). */
export type ErrorRenderer = (error: ApiError, path: string) => unknown;

/** Retry-After (seconds) sent with 503 when the store is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** Turns anything thrown into an ApiError (unknown errors become a 500 without internals). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // The cause (an internal URL, a driver's error) is logged, not answered: anyone may get a 503.
  if (err instanceof StoreBusyError) return new ApiError('unavailable', `storage busy: ${err.message}`);
  if (err instanceof StoreUnavailableError) return new ApiError('unavailable', 'storage unavailable; retry later');
  const e = err as { type?: string; status?: number; message?: string };
  // body-parser's errors (express.json / express.raw)
  if (e?.type === 'entity.too.large') return new ApiError('payload_too_large', 'request body is larger than the limit (FLOWMETER_MAX_BODY)');
  if (e?.type === 'entity.parse.failed') return new ApiError('bad_request', `body is not valid JSON: ${e.message}`);
  if (e?.status === 400 || e?.status === 415) return new ApiError(e.status === 400 ? 'bad_request' : 'unsupported_media_type', e.message ?? 'bad request');
  return new ApiError('internal', 'internal error');
}

/** Every 5xx is logged with its cause (the answer itself says little: it may reach anyone). */
export function logServerError(log: Logger | undefined, error: ApiError, cause: unknown): void {
  if (error.status < 500) return;
  if (error.kind === 'internal') log?.error({ err: cause }, 'internal error');
  else log?.warn({ err: cause, status: error.status }, error.message);
}

/** Express error middleware for one family. */
export function errorHandler(render: ErrorRenderer): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toApiError(err);
    logServerError(req.log, error, err);
    if (error.kind === 'unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(error.status).json(render(error, req.originalUrl.split('?')[0]));
  };
}

/** Flowmeter's own format (ingest, Grafana endpoints, health). */
export const renderFlowmeterError: ErrorRenderer = (error) => ({ error: error.message, ...error.extra });
