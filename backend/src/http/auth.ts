/**
 * Token authentication. A token is accepted as `Authorization: Bearer <token>` or in the
 * header of the API family being mirrored (Circle-Token, X-Auth-Token). Ingest tokens may
 * only write, read tokens may only read. Secrets are compared in constant time and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { authEnabled, type Config, type Token } from '../config';
import { ApiError } from './errors';

export type Scope = 'ingest' | 'read';

/** What the handlers learn of the caller (res.locals.caller). */
export interface Caller {
  /** The token's user name; undefined for unnamed tokens and when auth is off. */
  readonly user?: string;
}

export function requireScope(config: Config, scope: Scope, familyHeader?: string): RequestHandler {
  const enabled = authEnabled(config);
  const digests = (tokens: readonly Token[]) => tokens.map((t) => ({ user: t.user, digest: sha256(t.secret) }));
  const allowed = digests(scope === 'ingest' ? config.ingestTokens : config.readTokens);
  const otherScope = digests(scope === 'ingest' ? config.readTokens : config.ingestTokens);

  return (req, res, next) => {
    if (!enabled) {
      res.locals.caller = {} satisfies Caller;
      return next();
    }
    const presented = presentedToken(req.headers.authorization, familyHeader ? req.header(familyHeader) : undefined);
    if (!presented) return next(new ApiError('unauthorized', 'missing token'));
    const digest = sha256(presented);
    const match = findToken(allowed, digest);
    if (match) {
      res.locals.caller = { user: match.user } satisfies Caller;
      return next();
    }
    if (findToken(otherScope, digest)) {
      return next(new ApiError('forbidden', scope === 'ingest' ? 'this token may not write events' : 'this token may not read statistics'));
    }
    return next(new ApiError('unauthorized', 'invalid token'));
  };
}

/**
 * Whether the caller may see the service's internals (health's detail): a valid token of
 * either scope, or, with authentication off, anyone (the service then listens on loopback only,
 * unless FLOWMETER_ALLOW_ANONYMOUS opened it to all, who then see no internals).
 */
export function trustedCaller(config: Config): (req: Request) => boolean {
  if (!authEnabled(config)) return () => !config.allowAnonymous;
  const known = [...config.ingestTokens, ...config.readTokens].map((t) => ({ user: t.user, digest: sha256(t.secret) }));
  return (req) => {
    const presented = presentedToken(req.headers.authorization, undefined);
    return presented !== undefined && findToken(known, sha256(presented)) !== undefined;
  };
}

function presentedToken(authorization: string | undefined, familyValue: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  return bearer || familyValue?.trim() || undefined;
}

/** Compares fixed-length digests in constant time, and visits every token whatever matches. */
function findToken(tokens: Array<{ user?: string; digest: Buffer }>, digest: Buffer): { user?: string } | undefined {
  let found: { user?: string } | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(token.digest, digest) && !found) found = token;
  }
  return found;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
