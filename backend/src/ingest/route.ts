/** POST /api/v1/events: parse -> validate (all or nothing) -> points -> store; 200 only once stored. */
import express, { Router } from 'express';
import type { Config } from '../config';
import type { Store } from '../store/Store';
import { requireScope } from '../http/auth';
import { ApiError, errorHandler, renderFlowmeterError } from '../http/errors';
import { contentFormat, readItems } from './parseBody';
import { writeEvents } from './pipeline';

export const INGEST_PATH = '/api/v1/events';

export function ingestRouter({ config, store }: { config: Config; store: Store }): Router {
  const router = Router();
  router.post(
    INGEST_PATH,
    requireScope(config, 'ingest'),
    (req, _res, next) => next(contentFormat(req.headers['content-type']) ? undefined
      : new ApiError('unsupported_media_type', 'Content-Type must be application/json or application/x-ndjson, in UTF-8')),
    express.raw({ type: () => true, limit: config.maxBodyBytes }),
    async (req, res) => {
      const { accepted, written } = startWrite(req, store);
      await written;
      res.json({ accepted });
    },
  );
  router.use(INGEST_PATH, errorHandler(renderFlowmeterError));
  return router;
}

/** Body -> the shared pipeline (validate, points, store). */
function startWrite(req: express.Request, store: Store): { accepted: number; written: Promise<void> } {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  req.body = undefined;
  return writeEvents(store, readItems(body, contentFormat(req.headers['content-type'])!));
}
