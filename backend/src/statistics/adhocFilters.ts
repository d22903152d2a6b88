/**
 * Grafana's ad-hoc filters as the values each tag may take: `key = v` allows v (several `=` on
 * one key: the values they share, as Grafana ANDs filters); `key != v` allows every known value
 * of the tag but v.
 */
import type { AdhocFilter } from '../../../contract/query';
import { Measurements, type Measurement } from '../store/schema';
import type { Store } from '../store/Store';
import type { AllowedValues } from '../store/adhocFiltered';

const measurementsWith = (tag: string) => (Object.keys(Measurements) as Measurement[]).filter((m) => Measurements[m].tags.includes(tag));

export async function allowedValues(store: Store, filters: readonly AdhocFilter[]): Promise<AllowedValues> {
  const allowed: Record<string, string[]> = {};
  const known = new Map<string, Promise<string[]>>();
  const allValues = (tag: string) => {
    if (!known.has(tag)) known.set(tag, Promise.all(measurementsWith(tag).map((m) => store.tagValues(m, tag))).then((lists) => [...new Set(lists.flat())]));
    return known.get(tag)!;
  };
  for (const { key, operator, value } of filters) {
    if (operator === '=') allowed[key] = allowed[key] ? allowed[key].filter((v) => v === value) : [value];
    else allowed[key] = (allowed[key] ?? (await allValues(key))).filter((v) => v !== value);
  }
  return allowed;
}
