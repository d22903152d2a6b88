/**
 * The ingest pipeline every source of events shares (POST /api/v1/events, receivers): raw items
 * -> validated events (all or nothing) -> points -> store, pulled one event at a time.
 */
import type { Store } from '../store/Store';
import { toPoint } from '../store/points';
import { validEvents } from './validate';

/**
 * Starts the write; `accepted` is final when this returns (the store consumes the items before
 * write() returns), `written` settles once the store has them durably. Not async, so that only
 * the count and the promise outlive it: nothing of the items waits while the store commits.
 */
export function writeEvents(store: Store, items: Iterable<unknown>): { accepted: number; written: Promise<void> } {
  let accepted = 0;
  const points = function* () {
    for (const event of validEvents(items)) {
      accepted++;
      yield toPoint(event);
    }
  };
  const written = store.write(points());
  return { accepted, written };
}

/** The same, for callers that have their items already (the webhook receivers): resolves with
 * the number of events once the store has them durably. */
export async function storeEvents(store: Store, items: Iterable<unknown>): Promise<number> {
  const { accepted, written } = writeEvents(store, items);
  await written;
  return accepted;
}
