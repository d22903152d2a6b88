/**
 * Items -> validated events -> points -> store, all or nothing: the ingest pipeline as one
 * function, for callers that have their items already (the webhook receivers). Resolves with
 * the number of events once the store has them durably.
 */
import type { Store } from '../store/Store';
import { toPoint } from '../store/points';
import { validEvents } from './validate';

export async function storeEvents(store: Store, items: Iterable<unknown>): Promise<number> {
  let accepted = 0;
  const points = function* () {
    for (const event of validEvents(items)) {
      accepted++;
      yield toPoint(event);
    }
  };
  await store.write(points());
  return accepted;
}
