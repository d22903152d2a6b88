/**
 * GET /api/v1/health: the service and its store. Public (no token) and free of data, so load
 * balancers and container health checks can use it; 503 when the store is down. Why the store
 * is down (an internal URL, a driver's error) is told to trusted callers only (a token, or
 * loopback with authentication off), and logged.
 */
import type { Router } from 'express';
import type { Config } from '../../config';
import type { Store } from '../../store/Store';
import { trustedCaller } from '../../http/auth';
import { VERSION } from '../../version';

export const HEALTH_PATH = '/api/v1/health';

export function healthRoute(router: Router, store: Store, config: Config): void {
  const trusted = trustedCaller(config);
  router.get(HEALTH_PATH, async (req, res) => {
    const health = await store.health().catch((err: Error) => ({ ok: false, engine: store.kind, detail: err.message }));
    if (!health.ok) req.log?.warn({ detail: health.detail }, 'health: store unavailable');
    res.status(health.ok ? 200 : 503).json({
      status: health.ok ? 'ok' : 'unavailable',
      version: VERSION,
      store: { kind: store.kind, ...(trusted(req) ? health : { ok: health.ok, engine: health.engine }) },
    });
  });
}
