/** The service's answer (in the shape of Grafana's /api/ds/query) as Grafana's query response. */
import { dataFrameFromJSON, type DataFrameJSON, type DataQueryError, type DataQueryResponse } from '@grafana/data';

export type QueryResult = { frames: DataFrameJSON[] } | { error: string; status?: number };
export interface QueryAnswer {
  results: Record<string, QueryResult>;
}

export function toQueryResponse(answer: QueryAnswer): DataQueryResponse {
  const data = [];
  const errors: DataQueryError[] = [];
  for (const [refId, result] of Object.entries(answer.results)) {
    if ('error' in result) errors.push({ refId, message: result.error, status: result.status });
    else data.push(...result.frames.map((frame) => ({ ...dataFrameFromJSON(frame), refId })));
  }
  // `errors` only: DataQueryResponse.error is deprecated (Grafana reads errors, one per refId).
  return { data, ...(errors.length ? { errors } : {}) };
}
