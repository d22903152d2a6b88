/**
 * The time range lookups are asked for: the dashboard's (or Explore's) range the query editor
 * gets from Grafana, so an editor offers the names of events in view, not of all time.
 */
import { createContext, useContext } from 'react';
import type { TimeRange } from '@grafana/data';

export const LookupRangeContext = createContext<TimeRange | undefined>(undefined);

/** The range, and a key that changes with it (for memoised options). */
export function useLookupRange(): { range?: TimeRange; key: string } {
  const range = useContext(LookupRangeContext);
  return { range, key: range ? `${range.from.valueOf()}-${range.to.valueOf()}` : '' };
}
