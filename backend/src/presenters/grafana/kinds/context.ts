/** What every query kind's handler gets: the store, the dashboard's range and zone, and the caller. */
import type { Store, TimeRange } from '../../../store/Store';
import type { DataFrameJSON } from '../frame';

export interface QueryContext {
  readonly store: Store;
  /**
   * The store range covering the dashboard's: Grafana's ranges are closed (from <= time <= to,
   * as its own data sources filter), the store's half-open, so this ends at `to` + 1 ms.
   */
  readonly range: TimeRange;
  /** The dashboard's range as Grafana sent it (closed), for lengths and day lists. */
  readonly requested: TimeRange;
  /** IANA zone that defines days. */
  readonly tz: string;
  /** The read token's user (task_overview isOwn). */
  readonly user?: string;
}

export type KindHandler<Q> = (query: Q, context: QueryContext) => Promise<DataFrameJSON[]>;
