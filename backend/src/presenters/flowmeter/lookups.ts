/** GET /api/v1/lookup/{name}[?filters][&from=&to=]: values for template variables, `{"values": [...]}`. */
import type { Router } from 'express';
import { LookupRange, Lookups, type Lookup } from '../../../../contract/query';
import type { Store, TimeRange } from '../../store/Store';
import { LookupSources, lookupValues } from '../../statistics/lookups';
import { ApiError, badRequest } from '../../http/errors';

export const LOOKUP_PATH = '/api/v1/lookup';

export function lookupRoute(router: Router, store: Store): void {
  router.get(`${LOOKUP_PATH}/:name`, async (req, res) => {
    const name = req.params.name as Lookup;
    if (!Lookups.includes(name)) throw new ApiError('not_found', `no lookup "${name}"; there are: ${Lookups.join(', ')}`);
    const params: Record<string, string[]> = {};
    for (const param of Object.keys(LookupSources[name].filters)) {
      const value = req.query[param];
      params[param] = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
    }
    res.json({ values: await lookupValues(store, name, params, lookupRange(req.query.from, req.query.to)) });
  });
}

/** The optional range: both `from` and `to` (epoch ms), or neither. */
function lookupRange(from: unknown, to: unknown): TimeRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  const parsed = LookupRange.safeParse({ from, to });
  if (typeof from !== 'string' || typeof to !== 'string' || !parsed.success) {
    throw badRequest(`from and to must both be given, once each, as epoch milliseconds with from <= to${parsed.success ? '' : ` (${parsed.error.issues[0].message})`}`);
  }
  return { fromMs: parsed.data.from, toMs: parsed.data.to };
}
