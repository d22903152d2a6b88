/** POST /api/v1/query from tests, and reading its frames (the wire type is the presenter's own). */
import type { DataFrameJSON } from '../../src/presenters/grafana/frame';

export type Frame = DataFrameJSON;
export type QueryResult = { frames?: Frame[]; error?: string; status?: number };
export interface QueryAnswer { results: Record<string, QueryResult>; error?: string }

/** A frame's column by field name. */
export const column = (frame: Frame, name: string) => frame.data.values[frame.schema.fields.findIndex((f) => f.name === name)];

/** Sends a query request (optionally with a read token); the status and the parsed answer. */
export async function postQuery(url: string, request: object, token?: string): Promise<{ status: number; body: QueryAnswer }> {
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(request),
  });
  return { status: res.status, body: (await res.json()) as QueryAnswer };
}
