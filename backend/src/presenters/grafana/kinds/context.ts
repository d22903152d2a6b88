/** What every query kind's handler gets: the store, the dashboard's range and zone, and the caller. */
import type { Store, TimeRange } from '../../../store/Store';
import type { DataFrameJSON } from '../frame';

export interface QueryContext {
  readonly store: Store;
  readonly range: TimeRange;
  /** IANA zone that defines days. */
  readonly tz: string;
  /** The read token's user (task_overview isOwn). */
  readonly user?: string;
}

export type KindHandler<Q> = (query: Q, context: QueryContext) => Promise<DataFrameJSON[]>;
