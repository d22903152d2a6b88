/** Deploys and releases one by one, newest first (for annotations). */
import type { Store, TagFilter, TimeRange } from '../store/Store';

export interface DeliveryEventRecord {
  readonly timeMs: number;
  readonly project: string;
  readonly status: string;
  /** Seconds, when sent. */
  readonly duration: number | null;
  /** Absent for releases (they carry no service), and for events sent without one. */
  readonly service: string | null;
  readonly env: string | null;
}

export async function deliveryEvents(store: Store, kind: 'deploy' | 'release', where: TagFilter, range: TimeRange, limit: number): Promise<DeliveryEventRecord[]> {
  const columns = kind === 'deploy' ? ['project', 'status', 'duration', 'service', 'env'] : ['project', 'status', 'duration', 'env'];
  const rows = await store.rows({ measurement: kind, where, range, columns, order: 'desc', limit });
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return rows.map(({ timeMs, values: v }) => ({
    timeMs,
    project: String(v.project ?? ''),
    status: String(v.status ?? ''),
    duration: typeof v.duration === 'number' ? v.duration : null,
    service: text(v.service),
    env: text(v.env),
  }));
}
