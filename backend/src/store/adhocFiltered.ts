/**
 * A view of a store narrowed by Grafana's ad-hoc filters: every query on a measurement that
 * carries a filtered tag gets that tag's allowed values ANDed into its `where` (intersected with
 * any filter of its own; an empty list matches nothing, as every engine treats it). Queries on
 * measurements without the tag are left as they are.
 */
import { Measurements, type Measurement } from './schema';
import type { RowsQuery, Store, TagFilter } from './Store';

/** Tag -> the values allowed. */
export type AllowedValues = Readonly<Record<string, readonly string[]>>;

export function narrowWhere(measurement: Measurement, where: TagFilter | undefined, allowed: AllowedValues): TagFilter | undefined {
  const tags = Measurements[measurement].tags;
  const narrowed: Record<string, readonly string[]> = { ...where };
  let changed = false;
  for (const [tag, values] of Object.entries(allowed)) {
    if (!tags.includes(tag)) continue;
    narrowed[tag] = narrowed[tag] ? narrowed[tag].filter((v) => values.includes(v)) : values;
    changed = true;
  }
  return changed ? narrowed : where;
}

export function adhocFilteredStore(store: Store, allowed: AllowedValues): Store {
  if (!Object.keys(allowed).length) return store;
  const view: Store = Object.create(store);
  view.aggregate = (query) => store.aggregate({ ...query, where: narrowWhere(query.measurement, query.where, allowed) });
  const narrowRows = (query: RowsQuery): RowsQuery => ({ ...query, where: narrowWhere(query.measurement, query.where, allowed) });
  view.rows = (query) => store.rows(narrowRows(query));
  view.scan = (query, each) => store.scan(narrowRows(query), each);
  view.count = (query) => store.count({ ...query, where: narrowWhere(query.measurement, query.where, allowed) });
  view.tagValues = (measurement, tag, where) => store.tagValues(measurement, tag, narrowWhere(measurement, where, allowed));
  view.explain = (query) => store.explain('aggregate' in query
    ? { aggregate: { ...query.aggregate, where: narrowWhere(query.aggregate.measurement, query.aggregate.where, allowed) } }
    : { rows: narrowRows(query.rows) });
  return view;
}
