/**
 * Resource/CallResource: the lookups that feed the editors and template variables,
 * `<datasource>/resources/lookup/<name>?<filter>=...`, relayed to the service's
 * GET /api/v1/lookup/<name> with the instance's token. Only the contract's lookups, their
 * filters and the range (`from`, `to`: the dashboard's, so choices follow it) pass; anything else
 * is a 404 here.
 */
import { LookupFilters, Lookups, type Lookup } from '../../contract/query';
import { ServiceError } from '../flowmeter/client';
import type { CallContext } from './context';

export interface ResourceRequest { path?: string; method?: string; url?: string }
export interface ResourceResponse { code: number; headers: Record<string, { values: string[] }>; body: Buffer }

const json = (code: number, body: unknown, contentType = 'application/json'): ResourceResponse => ({
  code, headers: { 'Content-Type': { values: [contentType] } }, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

export async function callResource(request: ResourceRequest, ctx: CallContext): Promise<ResourceResponse> {
  const path = (request.path ?? '').replace(/^\/+|\/+$/g, '');
  const match = /^lookup\/([a-z_]+)$/.exec(path);
  const name = match?.[1];
  if (!name || !(Lookups as readonly string[]).includes(name)) {
    return json(404, { error: `no resource ${JSON.stringify(path)}: the plugin serves lookup/{${Lookups.join(',')}}` });
  }
  if ((request.method ?? 'GET').toUpperCase() !== 'GET') return json(405, { error: 'lookups are read with GET' });
  const incoming = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  const params = new URLSearchParams();
  // The range of contract/query.ts' LookupRange; the service validates it (400 when bad).
  const passed = [...LookupFilters[name as Lookup], 'from', 'to'];
  for (const key of passed) for (const value of incoming.getAll(key)) params.append(key, value);
  try {
    const answer = await ctx.client.raw('GET', `/api/v1/lookup/${name}${params.toString() ? `?${params}` : ''}`);
    return json(answer.status, answer.text, answer.contentType);
  } catch (err) {
    const error = err instanceof ServiceError ? err : new ServiceError(String(err), 500, 'plugin');
    return json(error.status, { error: error.message });
  }
}
