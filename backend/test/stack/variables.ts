/**
 * Grafana's variable interpolation as the plugin applies it to a query (documented in the README):
 * a string option "$name" (or one holding it) becomes the variable's value; an array option whose
 * element is "$name" becomes the selected values, and "All" (allValue '') the empty list = all.
 */
export type Values = Record<string, string[]>;

const VARIABLE = /\$(\w+)|\$\{(\w+)\}/g;

export function interpolate<T>(value: T, values: Values): T {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (whole, a, b) => (values[a ?? b] ? values[a ?? b].join(',') : whole)) as T;
  }
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const name = typeof item === 'string' ? /^\$(\w+)$/.exec(item)?.[1] : undefined;
      return name && values[name] ? values[name].filter((v) => v !== '') : [interpolate(item, values)];
    }) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, values)])) as T;
  }
  return value;
}
