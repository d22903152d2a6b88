/** A view of a store that keeps the engine's text of every query it runs (for Grafana's query inspector). */
import type { Store } from './Store';

export function recordingStore(store: Store): { store: Store; executed: string[] } {
  const executed: string[] = [];
  const view: Store = Object.create(store);
  view.aggregate = (query) => {
    executed.push(store.explain({ aggregate: query }));
    return store.aggregate(query);
  };
  view.rows = (query) => {
    executed.push(store.explain({ rows: query }));
    return store.rows(query);
  };
  view.scan = (query, each) => {
    executed.push(store.explain({ rows: query }));
    return store.scan(query, each);
  };
  return { store: view, executed };
}
