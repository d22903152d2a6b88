/**
 * Dashboard variables applied to a query exactly as the plugin applies them (its own
 * interpolateOptions), over the same template-service stand-in the plugin's tests use. A
 * multi-value array option element "$name" becomes the selected values; "All" (allValue '')
 * becomes the empty list, which means all.
 */
import { interpolateOptions } from '../../../src/data/interpolate';
import { variablesTemplateSrv } from '../../../src/test/grafanaAdapters';

export type Values = Record<string, string[]>;

export function interpolate<T extends object>(value: T, values: Values): T {
  return interpolateOptions(variablesTemplateSrv(values), value);
}
