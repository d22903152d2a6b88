/**
 * Template variables in query options: every string option goes through the template service;
 * in a list option (projects) a multi-value variable expands into one entry per value.
 */
import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** Joins multi-values with a character no name contains, to split them again afterwards. */
const SEPARATOR = '\u001f';
const joinValues = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(SEPARATOR) : String(value ?? ''));

/** One string: a multi-value variable gives its values comma-separated, as Grafana's default does. */
export function interpolateString(templateSrv: TemplateSrv, value: string, scopedVars?: ScopedVars): string {
  return templateSrv.replace(value, scopedVars, (v: unknown) => (Array.isArray(v) ? v.map(String).join(',') : String(v ?? '')));
}

/** A list: each entry may expand into several; empties and repeats are dropped. */
export function interpolateList(templateSrv: TemplateSrv, values: readonly string[], scopedVars?: ScopedVars): string[] {
  const expanded = values.flatMap((value) => templateSrv.replace(value, scopedVars, joinValues).split(SEPARATOR));
  return [...new Set(expanded.filter((v) => v !== ''))];
}

/** Every string and string-list option of an object (the query's envelope fields are left alone). */
export function interpolateOptions<T extends object>(templateSrv: TemplateSrv, options: T, scopedVars?: ScopedVars, skip: readonly string[] = []): T {
  const entries = Object.entries(options).map(([key, value]) => {
    if (skip.includes(key)) return [key, value];
    if (typeof value === 'string') return [key, interpolateString(templateSrv, value, scopedVars)];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [key, interpolateList(templateSrv, value, scopedVars)];
    return [key, value];
  });
  return Object.fromEntries(entries) as T;
}
