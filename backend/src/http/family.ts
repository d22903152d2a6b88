/**
 * An API family: a set of routes in one public API's shapes, over the same statistics, with
 * its own token header and error format. Adding a family adds a folder under presenters/.
 */
import { Router } from 'express';
import type { Config } from '../config';
import type { Store } from '../store/Store';
import { requireScope } from './auth';
import { ApiError, errorHandler, type ErrorRenderer } from './errors';

export interface FamilyContext {
  readonly config: Config;
  /** Handed to the statistics functions (statistics/*), which do the querying. */
  readonly store: Store;
}

export interface ApiFamily {
  readonly name: string;
  /** Path prefixes the family owns: read auth, its 404s and its error format apply under them. */
  readonly prefixes: readonly string[];
  /** The header this family's clients send their token in, besides Authorization: Bearer. */
  readonly tokenHeader?: string;
  readonly renderError: ErrorRenderer;
  /** Adds the family's routes, with full paths. */
  routes(router: Router, context: FamilyContext): void;
}

export function familyRouter(family: ApiFamily, context: FamilyContext): Router {
  const router = Router();
  for (const prefix of family.prefixes) router.use(prefix, requireScope(context.config, 'read', family.tokenHeader));
  family.routes(router, context);
  for (const prefix of family.prefixes) {
    router.use(prefix, (req, _res, next) =>
      next(new ApiError('not_found', `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}`)));
  }
  router.use(errorHandler(family.renderError));
  return router;
}
