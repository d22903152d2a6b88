/**
 * Field config the dashboards share: colours that mean an outcome, thresholds that mean something,
 * and units. Colours are fixed per field (or per row of a table frame) by byName overrides, so a
 * failure is red whatever Grafana's palette would give it. Grafana applies a panel's overrides to
 * fields and, in bar gauges and pie charts over rows (reduceOptions.values), to the row named so.
 */

export interface Override {
  matcher: { id: 'byName'; options: string };
  properties: Array<{ id: string; value: unknown }>;
}

/** Grafana's named colours ("gray" is a CSS colour: Grafana has no named grey). */
export const COLOURS = { good: 'green', bad: 'red', warn: 'orange', neutral: 'gray', info: 'blue' } as const;

/**
 * Every outcome field or status value the service answers, by what it means: success green,
 * failure red, timeout (and exceptions, client errors) orange, cancelled or skipped grey.
 */
export const OUTCOME_COLOURS: Record<string, string> = {
  success: COLOURS.good, force_success: COLOURS.good, ignore_success: COLOURS.good, success_count: COLOURS.good, successful_runs: COLOURS.good, deployments: COLOURS.good, req_count2xx: COLOURS.good,
  failure: COLOURS.bad, failed: COLOURS.bad, fail: COLOURS.bad, error: COLOURS.bad, failing: COLOURS.bad, unauthorized: COLOURS.bad, failed_count: COLOURS.bad, failed_runs: COLOURS.bad,
  failed_deployments: COLOURS.bad, req_count5xx: COLOURS.bad, req_count_error: COLOURS.bad,
  timeout: COLOURS.warn, timeout_count: COLOURS.warn, running_exception: COLOURS.warn, req_count4xx: COLOURS.warn,
  cancelled: COLOURS.neutral, canceled: COLOURS.neutral, skip: COLOURS.neutral, manual_stop: COLOURS.neutral, not_run: COLOURS.neutral,
  freeze: COLOURS.neutral, pause: COLOURS.neutral,
  running: COLOURS.info, waiting: COLOURS.info, waiting_confirm: COLOURS.info, on_hold: COLOURS.info,
};

const fixed = (color: string) => ({ mode: 'fixed', fixedColor: color });

export const colourOverride = (name: string, color: string): Override => ({
  matcher: { id: 'byName', options: name }, properties: [{ id: 'color', value: fixed(color) }],
});

/** Overrides fixing the colour of each of `names` that is an outcome. */
export const outcomeOverrides = (names: readonly string[]): Override[] =>
  names.filter((n) => n in OUTCOME_COLOURS).map((n) => colourOverride(n, OUTCOME_COLOURS[n]));

export interface Thresholds {
  mode: 'absolute' | 'percentage';
  steps: Array<{ value: number | null; color: string }>;
}

/** A success rate (0..1): under 75% red, under 90% amber, else green. */
export const SUCCESS_RATE_THRESHOLDS: Thresholds = { mode: 'absolute', steps: [{ value: null, color: COLOURS.bad }, { value: 0.75, color: COLOURS.warn }, { value: 0.9, color: COLOURS.good }] };

/** A failure ratio (0..1, e.g. DORA's change failure rate): over 15% amber, over 30% red (DORA's low band). */
export const FAILURE_RATE_THRESHOLDS: Thresholds = { mode: 'absolute', steps: [{ value: null, color: COLOURS.good }, { value: 0.15, color: COLOURS.warn }, { value: 0.3, color: COLOURS.bad }] };

/** No judgement: one step in a neutral colour (Grafana's default would turn values over 80 red). */
export const NO_THRESHOLDS: Thresholds = { mode: 'absolute', steps: [{ value: null, color: COLOURS.info }] };

/** Units of the fields the dashboards show (Grafana unit ids). */
export const UNITS: Record<string, string> = {
  success_rate: 'percentunit', change_failure_rate: 'percentunit',
  duration: 's', duration_mean: 's', duration_median: 's', duration_p95: 's', duration_max: 's', duration_min: 's',
  mttr: 's', lead_time_median: 's', lead_time_mean: 's', time_to_restore: 's', average_runtime: 's',
  max_latency: 'ms', avg_latency: 'ms', avg_backend_latency: 'ms',
  input_throughput: 'bytes', output_throughput: 'bytes',
  time: 'dateTimeAsIso',
};

/** The unit of a field: its own, else a plain count ("short": 1.2K). */
export const unitOf = (name: string): string => UNITS[name] ?? 'short';

/** Per-column units of a table (overrides: one table shows fields of several units). */
export const unitOverrides = (names: readonly string[]): Override[] =>
  names.filter((n) => UNITS[n]).map((n) => ({ matcher: { id: 'byName', options: n }, properties: [{ id: 'unit', value: UNITS[n] }] }));
