/**
 * "Save & test" answers. The checks themselves are the backend's CheckHealth (pkg/handlers/checkHealth.ts:
 * is the service reachable, is its store up, is the read token accepted, each failure saying
 * what to change), as DataSourceWithBackend.callHealthCheck fetches it; here its answer becomes
 * the result Grafana shows. When no backend answered (its process stopped and Grafana has not
 * restarted it yet; a backend that cannot start at all, e.g. on Alpine, keeps Grafana 12.4 from
 * loading the plugin in the first place) the user is told that, and where the plugin runs,
 * rather than shown "Plugin unavailable".
 */
import type { TestDataSourceResponse } from '@grafana/data';

/** callHealthCheck's answer: CheckHealth's `{status, message, details}`, or Grafana's error body when no plugin answered. */
export interface HealthAnswer {
  status?: string;
  message?: string;
  details?: { message?: string } | Record<string, unknown>;
  /** Grafana's error id, e.g. "plugin.unavailable". */
  messageId?: string;
}

export const BACKEND_NOT_RUNNING = 'The Flowmeter plugin\'s backend is not running on the Grafana server';
/** Where the plugin's executables (Node single executables, glibc) run. */
const WHERE_IT_RUNS = 'It runs on Linux (x86-64 or arm64) with glibc: Grafana\'s .deb/.rpm packages, its Linux tarballs, or the Ubuntu-based Docker image '
  + '(grafana/grafana:<version>-ubuntu), not the default Alpine image (musl). Grafana\'s server log says why it did not start (search for "flowmeter").';

export function toTestResult(answer: HealthAnswer | undefined): TestDataSourceResponse {
  const { status, message, details, messageId } = answer ?? {};
  if (status === 'OK') return { status: 'success', message: message ?? 'OK' };
  if (status === 'ERROR' || status === 'UNKNOWN') {
    const detail = typeof details?.message === 'string' ? details.message : undefined;
    return { status: 'error', message: message || 'The health check failed.', ...(detail ? { details: { message: detail } } : {}) };
  }
  // No CheckHealth answer at all: Grafana's own error (the plugin unavailable, or the call failed).
  // Grafana's errutil answers carry an id ("plugin.unavailable") that says more than their message ("Internal").
  const said = messageId ? ` (Grafana answered ${messageId})` : message ? ` (Grafana answered: ${message})` : '';
  return { status: 'error', message: `${BACKEND_NOT_RUNNING}${said}.`, details: { message: WHERE_IT_RUNS } };
}
