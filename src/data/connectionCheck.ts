/**
 * "Save & test": is the service reachable, is its store up, and is the read token accepted?
 * Each failure says which of these it is and what to change.
 */
import type { TestDataSourceResponse } from '@grafana/data';
import { type ServiceError, type ServiceClient } from './ServiceClient';

export interface Health {
  status: 'ok' | 'unavailable';
  version: string;
  store: { kind: string; ok: boolean; engine: string; detail?: string };
}

const failure = (message: string, details?: string): TestDataSourceResponse => ({
  status: 'error', message, ...(details ? { details: { message: details } } : {}),
});

/**
 * The browser never sees the service's URL (Grafana's proxy holds it), so messages point at the
 * Connection setting rather than naming it.
 */
export async function checkConnection(client: ServiceClient): Promise<TestDataSourceResponse> {
  let health: Health;
  try {
    health = await client.get<Health>('/api/v1/health');
  } catch (err) {
    return healthFailure(err as ServiceError);
  }
  try {
    const { values } = await client.get<{ values: string[] }>('/api/v1/lookup/projects');
    return {
      status: 'success',
      message: `Flowmeter ${health.version} answers; its ${health.store.kind} store (${health.store.engine}) is up; ${values.length} project(s).`,
    };
  } catch (err) {
    return tokenFailure(err as ServiceError);
  }
}

function healthFailure(err: ServiceError): TestDataSourceResponse {
  if (err.status === 503) {
    const store = (err.body as Partial<Health> | undefined)?.store;
    const what = store ? `its ${store.kind} store is down${store.detail ? `: ${store.detail}` : ''}` : 'it is unavailable';
    return failure(`Flowmeter answers, but ${what} (503).`, 'Check the store (InfluxDB or the embedded data directory) named in the service logs.');
  }
  if (err.status === 0 || err.status === 502 || err.status === 504) {
    return failure(`Flowmeter is unreachable: ${err.message}.`, 'Check the URL under Connection (e.g. http://flowmeter:3001), and that the Grafana server (not only your browser) can reach it.');
  }
  if (err.status === 404) {
    return failure('The URL answered 404 for /api/v1/health: is it the root URL of a Flowmeter service?');
  }
  return failure(`Flowmeter's health check failed (${err.status}): ${err.message}.`);
}

function tokenFailure(err: ServiceError): TestDataSourceResponse {
  if (err.status === 401) {
    return failure(`Flowmeter rejected the read token (401: ${err.message}).`, 'Enter one of the service\'s FLOWMETER_READ_TOKENS (or reset the token if the service runs without tokens).');
  }
  if (err.status === 403) {
    return failure(`The token may not read statistics (403: ${err.message}).`, 'It is an ingest token: use a read token instead.');
  }
  return failure(`Flowmeter answers its health check, but reading failed (${err.status}): ${err.message}.`);
}
