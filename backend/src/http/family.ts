/**
 * An API family: a set of routes in one public API's shapes, over the same statistics, with
 * its own token header and error format. Adding a family adds a folder under presenters/.
 */
import { Router } from 'express';
import type { z } from 'zod';
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
  /** Its endpoints for the OpenAPI document (query schemas are the ones the routes validate with). */
  readonly endpoints?: readonly EndpointDoc[];
  /** Adds the family's routes, with full paths. */
  routes(router: Router, context: FamilyContext): void;
}

export interface EndpointDoc {
  readonly method: 'get' | 'post';
  /** OpenAPI path, e.g. /api/v2/insights/{project-slug}/workflows. */
  readonly path: string;
  readonly summary: string;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
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
