/**
 * Diagnostics/CheckHealth ("Save & test", and Grafana's plugin health API): is the service
 * reachable, is its store up, is the read token accepted? Each failure says which, and what to change.
 */
import { ServiceError } from '../flowmeter/client';
import type { CallContext } from './context';

export interface HealthResult { status: 'OK' | 'ERROR'; message: string; jsonDetails: Buffer }

interface Health { version: string; store: { kind: string; engine: string; ok: boolean; detail?: string } }

const result = (status: HealthResult['status'], message: string, details?: string): HealthResult => ({
  status, message, jsonDetails: Buffer.from(details ? JSON.stringify({ message: details }) : ''),
});

export async function checkHealth(ctx: CallContext): Promise<HealthResult> {
  let health: Health;
  try {
    health = await ctx.client.get<Health>('/api/v1/health');
  } catch (err) {
    const error = err as ServiceError;
    if (error.status === 503) {
      const store = (error.body as Partial<Health> | undefined)?.store;
      const what = store ? `its ${store.kind} store is down${store.detail ? `: ${store.detail}` : ''}` : 'it is unavailable';
      return result('ERROR', `Flowmeter at ${ctx.settings.url} answers, but ${what} (503).`, 'Check the store (InfluxDB or the embedded data directory) named in the service logs.');
    }
    return result('ERROR', error.message);
  }
  try {
    const { values } = await ctx.client.get<{ values: string[] }>('/api/v1/lookup/projects');
    return result('OK', `Flowmeter ${health.version} at ${ctx.settings.url} answers; its ${health.store.kind} store (${health.store.engine}) is up; ${values.length} project(s).`);
  } catch (err) {
    return result('ERROR', err instanceof ServiceError ? err.message : String(err));
  }
}
