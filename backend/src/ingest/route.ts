/** POST /api/v1/events: parse -> validate (all or nothing) -> points -> store; 200 only once stored. */
import express, { Router } from 'express';
import type { Config } from '../config';
import type { Store } from '../store/Store';
import { toPoint, type Point } from '../store/points';
import { requireScope } from '../http/auth';
import { ApiError, errorHandler, renderFlowmeterError } from '../http/errors';
import { contentFormat, parseItems } from './parseBody';
import { validateEvents } from './validate';

export const INGEST_PATH = '/api/v1/events';

export function ingestRouter({ config, store }: { config: Config; store: Store }): Router {
  const router = Router();
  router.post(
    INGEST_PATH,
    requireScope(config, 'ingest'),
    (req, _res, next) => next(contentFormat(req.headers['content-type']) ? undefined
      : new ApiError('unsupported_media_type', 'Content-Type must be application/json or application/x-ndjson')),
    express.text({ type: () => true, limit: config.maxBodyBytes }),
    async (req, res) => {
      const { accepted, written } = startWrite(req, store);
      await written;
      res.json({ accepted });
    },
  );
  router.use(INGEST_PATH, errorHandler(renderFlowmeterError));
  return router;
}

/**
 * Body -> validated points (all or nothing) -> store. Not async, so that only the count and the
 * promise outlive it: the body, events and points are garbage while the store commits.
 */
function startWrite(req: express.Request, store: Store): { accepted: number; written: Promise<void> } {
  const items = parseItems(typeof req.body === 'string' ? req.body : '', contentFormat(req.headers['content-type'])!);
  req.body = undefined;
  if (items.length === 0) throw new ApiError('bad_request', 'no events in the body');
  return { accepted: items.length, written: store.write(lastPerKey(validateEvents(items).map(toPoint))) };
}

/** Within one batch a later event with the same kind and id replaces an earlier one. */
function lastPerKey(points: Point[]): Point[] {
  // Usually there is nothing to replace: find out without building a combined key per point.
  const seen = new Map<string, Set<string>>();
  let duplicates = false;
  for (const { measurement, key } of points) {
    const keys = seen.get(measurement) ?? seen.set(measurement, new Set()).get(measurement)!;
    if (keys.has(key)) duplicates = true;
    keys.add(key);
  }
  if (!duplicates) return points;
  const byKey = new Map<string, Point>();
  for (const point of points) {
    const id = `${point.measurement}\u0000${point.key}`;
    byKey.delete(id);
    byKey.set(id, point);
  }
  return [...byKey.values()];
}
