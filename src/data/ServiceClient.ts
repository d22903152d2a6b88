/**
 * HTTP to the Flowmeter service through Grafana's data-source proxy (plugin.json's route adds
 * the read token, so it never reaches the browser). Errors become ServiceError with the status.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv, type FetchError } from '@grafana/runtime';

export class ServiceError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when no answer came back at all. */
    readonly status: number,
    /** The answer's body, when there was one. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export type QueryParams = Record<string, string | readonly string[] | undefined>;

export class ServiceClient {
  constructor(
    /** e.g. /api/datasources/proxy/uid/<uid>/flowmeter */
    readonly baseUrl: string,
  ) {}

  get<T>(path: string, params: QueryParams = {}): Promise<T> {
    return this.request<T>({ method: 'GET', url: this.url(path, params) });
  }

  post<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.request<T>({ method: 'POST', url: this.url(path), data: body, requestId });
  }

  private url(path: string, params: QueryParams = {}): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const v of typeof value === 'string' ? [value] : value ?? []) if (v !== '') search.append(name, v);
    }
    const query = search.toString();
    return `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
  }

  private async request<T>(options: { method: string; url: string; data?: unknown; requestId?: string }): Promise<T> {
    try {
      const response = await lastValueFrom(getBackendSrv().fetch<T>({ ...options, showErrorAlert: false, showSuccessAlert: false }));
      return response.data;
    } catch (err) {
      throw toServiceError(err);
    }
  }
}

/** The message the service (or Grafana's proxy) gave, whichever error format it used. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  const fetchError = err as Partial<FetchError<{ message?: string; error?: string; description?: string } | string>>;
  if (typeof fetchError?.status === 'number') {
    const data = fetchError.data;
    const detail = typeof data === 'string' ? data : data?.message ?? data?.error ?? data?.description;
    return new ServiceError(detail || fetchError.statusText || `HTTP ${fetchError.status}`, fetchError.status, data);
  }
  return new ServiceError(err instanceof Error ? err.message : String(err), 0);
}
