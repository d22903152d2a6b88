/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so
 * the document cannot drift from what the service accepts.
 */
import { z } from 'zod';
import { Event } from '../../../contract/events';
import type { ApiFamily, EndpointDoc } from '../http/family';
import { VERSION } from '../version';
import { otlpPaths } from '../receivers/otlp/openapi';
import { webhookPaths } from '../receivers/openapi';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function openApiDocument(families: readonly ApiFamily[]): object {
  const paths: Record<string, Record<string, object>> = {
    '/api/v1/events': {
      post: {
        summary: 'Ingest events: one object, a JSON array, or NDJSON (one event a line). All or nothing; idempotent by (kind, id).',
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Event' }, { type: 'array', items: { $ref: '#/components/schemas/Event' } }] } },
            'application/x-ndjson': { schema: { $ref: '#/components/schemas/Event' } },
          },
        },
        responses: {
          200: { description: 'Every event durably stored', content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' } } } } } },
          400: { description: 'Invalid events; nothing written: {error, details: [{index, path, message}]}' },
          401: { description: 'Missing or wrong token' }, 403: { description: 'Token may not write' },
          413: { description: 'Body over FLOWMETER_MAX_BODY' }, 415: { description: 'Not JSON or NDJSON' },
          503: { description: 'Storage unavailable; retry after Retry-After seconds; nothing was acknowledged' },
        },
      },
    },
    ...webhookPaths(),
  };
  Object.assign(paths, otlpPaths);
  for (const family of families) {
    for (const endpoint of family.endpoints ?? []) {
      (paths[endpoint.path] ??= {})[endpoint.method] = operation(family, endpoint);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Flowmeter', version: VERSION, description: 'Delivery statistics for Grafana, in the shapes of the Zadig, CircleCI and Huawei APIs.' },
    components: {
      schemas: { Event: jsonSchema(Event) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        circleToken: { type: 'apiKey', in: 'header', name: 'Circle-Token' },
        authToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
      },
    },
    paths,
  };
}

function operation(family: ApiFamily, endpoint: EndpointDoc): object {
  const pathParams = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const queryParams = endpoint.query
    ? Object.entries(endpoint.query.shape).map(([name, schema]) => ({
        name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: jsonSchema(schema as z.ZodType),
      }))
    : [];
  return {
    summary: endpoint.summary,
    tags: [family.name],
    security: family.tokenHeader ? [{ bearer: [] }, { [family.tokenHeader === 'Circle-Token' ? 'circleToken' : 'authToken']: [] }] : [{ bearer: [] }],
    parameters: [...pathParams, ...queryParams],
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body) } } } } : {}),
    responses: { 200: { description: 'OK' }, 400: { description: 'Invalid parameter, in the family\'s error format' }, 401: { description: 'Missing or wrong token' }, 403: { description: 'Token may not read' } },
  };
}
