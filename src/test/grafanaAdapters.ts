/**
 * Grafana's template service over fixed dashboard variables, for the plugin's tests, the browser
 * harness and the stack's tests (type imports only: the service's jest project loads it too).
 */
import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** Grafana's variable syntaxes: $name, ${name}, ${name:format}, [[name]]. */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;

type Format = string | ((value: unknown) => string) | undefined;

/** A template service over fixed dashboard variables (name -> value, or values when multi). */
export function variablesTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  const format = (value: string | string[], fmt: Format): string => {
    if (typeof fmt === 'function') return fmt(value);
    if (!Array.isArray(value)) return value;
    if (fmt === 'csv') return value.join(',');
    return value.length === 1 ? value[0] : `{${value.join(',')}}`;
  };
  return {
    getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' })),
    replace(target = '', scopedVars?: ScopedVars, fmt?: Format) {
      return target.replace(VARIABLE, (match, a, b, bFormat, c, cFormat) => {
        const name = a ?? b ?? c;
        const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
        const value = scoped ?? variables[name];
        return value === undefined ? match : format(value, bFormat ?? cFormat ?? fmt);
      });
    },
    containsTemplate: (target?: string) => Boolean(target && new RegExp(VARIABLE.source).test(target)),
    updateTimeRange: () => {},
  } as unknown as TemplateSrv;
}
