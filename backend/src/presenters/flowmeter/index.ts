/** Flowmeter's own read endpoints: health, the OpenAPI document, lookups and Grafana frames. */
import type { ApiFamily } from '../../http/family';
import { renderFlowmeterError } from '../../http/errors';
import { openApiDocument } from '../../openapi/document';
import { Lookups, QueryRequest } from '../../../../contract/query';
import { healthRoute, HEALTH_PATH } from './health';
import { lookupRoute, LOOKUP_PATH } from './lookups';
import { queryRoute, QUERY_PATH } from '../grafana/route';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export function flowmeterFamily(allFamilies: () => readonly ApiFamily[]): ApiFamily {
  return {
    name: 'flowmeter',
    // Health and the OpenAPI document are public, and registered before the read-token check.
    prefixes: [LOOKUP_PATH, QUERY_PATH],
    renderError: renderFlowmeterError,
    endpoints: [
      { method: 'get', path: HEALTH_PATH, summary: 'The service and its store (public). 503 when the store is down.' },
      { method: 'get', path: OPENAPI_PATH, summary: 'This document (public).' },
      { method: 'post', path: QUERY_PATH, summary: 'Grafana data frames for typed queries (contract/query.ts), in the shape of /api/ds/query', body: QueryRequest },
      ...Lookups.map((name) => ({ method: 'get' as const, path: `${LOOKUP_PATH}/${name}`, summary: `Values of ${name} for template variables: {"values": [...]}; ?from=&to= (epoch ms, both or neither) lists only values of events in that range` })),
    ],
    routes(router, { store, config }) {
      healthRoute(router, store, config);
      let document: object | undefined;
      router.get(OPENAPI_PATH, (_req, res) => { res.json((document ??= openApiDocument(allFamilies()))); });
      lookupRoute(router, store);
      queryRoute(router, config, store);
    },
  };
}
