/**
 * GET /api/v1/health: the service and its store. Public (no token) and free of data, so load
 * balancers and container health checks can use it; 503 when the store is down.
 */
import type { Router } from 'express';
import type { Store } from '../../store/Store';
import { VERSION } from '../../version';

export const HEALTH_PATH = '/api/v1/health';

export function healthRoute(router: Router, store: Store): void {
  router.get(HEALTH_PATH, async (_req, res) => {
    const health = await store.health().catch((err: Error) => ({ ok: false, engine: store.kind, detail: err.message }));
    res.status(health.ok ? 200 : 503).json({
      status: health.ok ? 'ok' : 'unavailable',
      version: VERSION,
      store: { kind: store.kind, ...health },
    });
  });
}
