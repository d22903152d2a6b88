/**
 * The Express application: ingest, Flowmeter's own endpoints, and one router per mirrored API
 * family. Data flows one way: HTTP -> validate -> store -> statistics -> presenter.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Store } from './store/Store';
import { familyRouter, type ApiFamily } from './http/family';
import { errorHandler, renderFlowmeterError, ApiError } from './http/errors';
import { requestLog } from './http/requestLog';
import { apiHeaders } from './http/headers';
import { gatedStore, ReadGate } from './store/readGate';
import { ingestRouter } from './ingest/route';
import { otlpRouter } from './receivers/otlp/route';
import { receiversRouter } from './receivers/route';
import { flowmeterFamily } from './presenters/flowmeter';
import { zadigFamily } from './presenters/zadig';
import { circleciFamily } from './presenters/circleci';
import { huaweiFamily } from './presenters/huawei';

export const families: readonly ApiFamily[] = [flowmeterFamily(() => families), zadigFamily, circleciFamily, huaweiFamily];

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
}

export function createApp({ config, store, logger }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(logger));
  app.use(apiHeaders);
  app.use(ingestRouter({ config, store }));
  app.use(otlpRouter({ config, store }));
  app.use(receiversRouter({ config, store }));
  // Every read endpoint's store queries share one bounded gate (store/readGate.ts).
  const reads = gatedStore(store, new ReadGate(config.reads));
  for (const family of families) app.use(familyRouter(family, { config, store: reads }));
  app.use((req, _res, next) => next(new ApiError('not_found', `no such endpoint: ${req.method} ${req.path}`)));
  app.use(errorHandler(renderFlowmeterError));
  return app;
}
