/**
 * POST /api/v1/webhooks/<sender>: verify on the raw body -> parse -> map (pure) -> the ingest
 * pipeline (validation and store, all or nothing) -> 200 only once stored.
 *
 * 404 while a receiver is off; 401 on a bad or missing signature (before anything is parsed);
 * 400 on malformed JSON; 413 over FLOWMETER_MAX_BODY; 202 {"ignored"} for a verified payload
 * that is not mapped; 503 when the store does not take the events within STORE_DEADLINE_MS.
 */
import express, { Router, type Request } from 'express';
import type { Config } from '../config';
import type { Store } from '../store/Store';
import { ApiError, errorHandler, renderFlowmeterError } from '../http/errors';
import { storeEvents } from '../ingest/pipeline';
import { withLeadTimes } from './leadTime';
import type { Receiver } from './receiver';
import { githubReceiver } from './github/receiver';
import { gitlabReceiver } from './gitlab/receiver';
import { circleciReceiver } from './circleci/receiver';
import { cdeventsReceiver } from './cdevents/receiver';

export const WEBHOOKS_PATH = '/api/v1/webhooks';

/** Under GitHub's 10 s per delivery, so that the sender sees our 503 rather than its own timeout. */
export const STORE_DEADLINE_MS = 8_000;

export const receivers: readonly Receiver[] = [githubReceiver, gitlabReceiver, circleciReceiver, cdeventsReceiver];

export function receiversRouter({ config, store }: { config: Config; store: Store }): Router {
  const router = Router();
  for (const receiver of receivers) {
    const path = `${WEBHOOKS_PATH}/${receiver.name}`;
    const state = receiver.enabled(config);
    if (!state.on) {
      router.post(path, (_req, _res, next) => next(new ApiError('not_found', `the ${receiver.name} receiver is off: ${state.why}`)));
      continue;
    }
    const authenticate = receiver.authenticate?.(config);
    if (authenticate) router.post(path, authenticate);
    router.post(
      path,
      express.raw({ type: () => true, limit: config.maxBodyBytes }),
      async (req, res) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (receiver.verify && !receiver.verify(req.headers, body, config)) {
          throw new ApiError('unauthorized', `${receiver.verifiedBy} is missing or does not match`);
        }
        const mapping = receiver.map(parseJson(req, body), req.headers);
        if ('ignored' in mapping) {
          res.status(202).json({ ignored: mapping.ignored });
          return;
        }
        if (!mapping.events.length) {
          res.json({ accepted: 0 }); // GitHub's ping: the hook works
          return;
        }
        const events = await withLeadTimes(store, mapping.events, mapping.deployedSha);
        const accepted = await withinDeadline(storeEvents(store, events));
        res.json({ accepted });
      },
    );
  }
  router.use(WEBHOOKS_PATH, errorHandler(renderFlowmeterError));
  return router;
}

function parseJson(req: Request, body: Buffer): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    throw new ApiError('unsupported_media_type', 'send the payload as JSON (GitHub: Content type application/json in the webhook\'s settings)');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ApiError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The store's answer, or 503 (the sender retries; redelivery changes nothing) after the deadline. */
async function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ApiError('unavailable', `the store did not take the events within ${STORE_DEADLINE_MS / 1000} s`)), STORE_DEADLINE_MS);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
