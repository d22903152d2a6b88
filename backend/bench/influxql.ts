/** Hand-written InfluxQL sent straight to influxd, and reading its answer. */

export interface Series {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values: Array<Array<number | string | null>>;
}
/** One statement's series (none when it matched nothing). */
export type StatementResult = Series[];

export async function influxql(url: string, q: string, db?: string): Promise<StatementResult[]> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  const res = await fetch(`${url}/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
  const text = await res.text();
  if (!res.ok) throw new Error(`influxd answered ${res.status} to ${q}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { results: Array<{ series?: Series[]; error?: string }> };
  return json.results.map((r) => {
    if (r.error) throw new Error(`influxd: ${r.error} in ${q}`);
    return r.series ?? [];
  });
}

/** A column's values over all series (optionally those whose tags pass `keep`), nulls as 0, summed. */
export function total(result: StatementResult, column: string, keep: (tags: Record<string, string>) => boolean = () => true): number {
  let sum = 0;
  for (const series of result) {
    if (!keep(series.tags ?? {})) continue;
    const i = series.columns.indexOf(column);
    for (const row of series.values) sum += Number(row[i] ?? 0);
  }
  return sum;
}

/** The one value of a statement that answers one row (no GROUP BY time). */
export function single(result: StatementResult, column: string): number | null {
  const series = result[0];
  if (!series) return null;
  const value = series.values[0][series.columns.indexOf(column)];
  return value === null ? null : Number(value);
}

/** InfluxQL's time condition for [fromMs, toMs). */
export const timeRange = (fromMs: number, toMs: number) => `time >= ${fromMs}ms AND time < ${toMs}ms`;
