/** Rollbacks, newest first, a page at a time. */
import type { Store, TagFilter, TimeRange } from '../store/Store';

export interface RollbackRecord {
  readonly timeMs: number;
  readonly project: string;
  readonly env: string;
  readonly service: string;
  readonly envType: string | null;
  readonly production: boolean | null;
  readonly operationType: string | null;
  readonly serviceType: string | null;
  /** JSON as sent (objects of the Zadig rollback shape), or null. */
  readonly originService: string | null;
  readonly updateService: string | null;
  readonly originSaeApp: string | null;
  readonly updateSaeApp: string | null;
  readonly createBy: string | null;
}

export async function rollbackPage(store: Store, where: TagFilter, range: TimeRange, page: { offset: number; limit: number }): Promise<{ total: number; items: RollbackRecord[] }> {
  const [total, rows] = await Promise.all([
    store.count({ measurement: 'rollback', where, range }),
    store.rows({
      measurement: 'rollback', where, range, order: 'desc', limit: page.limit, offset: page.offset,
      columns: ['project', 'env', 'service', 'env_type', 'production', 'operation_type', 'service_type', 'origin_service', 'update_service', 'origin_sae_app', 'update_sae_app', 'create_by'],
    }),
  ]);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    total,
    items: rows.map(({ timeMs, values: v }) => ({
      timeMs,
      project: String(v.project ?? ''), env: String(v.env ?? ''), service: String(v.service ?? ''),
      envType: text(v.env_type), production: v.production === null ? null : Boolean(v.production),
      operationType: text(v.operation_type), serviceType: text(v.service_type),
      originService: text(v.origin_service), updateService: text(v.update_service),
      originSaeApp: text(v.origin_sae_app), updateSaeApp: text(v.update_sae_app), createBy: text(v.create_by),
    })),
  };
}
