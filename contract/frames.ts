/**
 * What `POST /api/v1/query` answers: Grafana data frames in their JSON wire form (DataFrameJSON:
 * schema + column values), as Grafana's /api/ds/query answers them and @grafana/data's
 * dataFrameFromJSON reads them. The service writes them (backend/src/presenters/grafana); the
 * plugin's backend (pkg/) turns them into Arrow.
 */
export type FieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

export interface DataFrameJSON {
  schema: {
    name?: string;
    refId: string;
    meta?: { executedQueryString?: string; preferredVisualisationType?: string; custom?: Record<string, unknown> };
    fields: Array<{ name: string; type: FieldType; config: Record<string, unknown>; labels?: Record<string, string> }>;
  };
  data: { values: unknown[][] };
}
