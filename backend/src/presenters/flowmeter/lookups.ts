/** GET /api/v1/lookup/{name}: values for template variables, `{"values": [...]}`. */
import type { Router } from 'express';
import { Lookups, type Lookup } from '../../../../contract/query';
import type { Store } from '../../store/Store';
import { LookupSources, lookupValues } from '../../statistics/lookups';
import { ApiError } from '../../http/errors';

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
    res.json({ values: await lookupValues(store, name, params) });
  });
}
