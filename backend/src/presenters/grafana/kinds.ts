// Filled in below.
import type { QueryKind } from '../../../../contract/query';
import type { Store, TimeRange } from '../../store/Store';
export interface QueryContext { store: Store; range: TimeRange; tz: string }
export const kindHandlers = {} as Record<QueryKind, (q: never, c: QueryContext) => Promise<unknown[]>>;
