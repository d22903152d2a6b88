/**
 * Cumulative histograms -> per-interval differences. A cumulative point holds everything since
 * its series started (start_time_unix_nano); what happened in an export interval is this point
 * minus the previous one of the same series, so the previous one is kept, in this process.
 *
 * - First point of a series this process sees: if the series started after this process did,
 *   nothing of it can have been missed, and the whole point counts (from its start). Otherwise
 *   it is only the baseline (stored nothing): what it holds may have been counted before a
 *   restart, and counting it again would double it.
 * - A changed start_time_unix_nano, or a count that went down: the series was reset (the
 *   instrumented process restarted); the new point counts whole, from its new start.
 * - A point not newer than the previous one (a retried export, or out of order) adds nothing.
 * - A point becomes its series' latest at once (so concurrent exports of one series are
 *   differenced in the order they arrive, never twice against the same point), and is put back
 *   if the store then refuses the write, so an export retried after that is differenced again.
 * - At most MAX_SERIES series are kept; the least recently updated is forgotten first (its next
 *   point is then a first point).
 */

export interface HistogramState {
  readonly startNs: bigint;
  readonly timeNs: bigint;
  readonly count: number;
  readonly sum: number;
  readonly max?: number;
  readonly bucketCounts: readonly number[];
}

/** What happened in one interval (fromNs, toNs]: counts, sum and, where known, the max. */
export interface IntervalValues {
  readonly fromNs: bigint;
  readonly toNs: bigint;
  readonly count: number;
  readonly sum: number;
  readonly max?: number;
}

export type CumulativeOutcome =
  | { readonly kind: 'interval'; readonly values: IntervalValues }
  | { readonly kind: 'baseline' }
  | { readonly kind: 'stale' };

const MAX_SERIES = 100_000;

export class CumulativeSeries {
  private readonly last = new Map<string, HistogramState>();

  /** `startedNs`: when this receiver started (series started later count whole at first sight). */
  constructor(private readonly startedNs: bigint, private readonly maxSeries = MAX_SERIES) {}

  /** The interval a cumulative point adds to its series' previous one; state is not changed. */
  difference(key: string, point: HistogramState, bounds: readonly number[]): CumulativeOutcome {
    const prev = this.last.get(key);
    const whole: CumulativeOutcome = { kind: 'interval', values: { fromNs: point.startNs, toNs: point.timeNs, count: point.count, sum: point.sum, max: point.max } };
    if (!prev) return point.startNs >= this.startedNs ? whole : { kind: 'baseline' };
    if (point.timeNs <= prev.timeNs) return { kind: 'stale' };
    if (point.startNs !== prev.startNs || point.count < prev.count) return whole;
    return {
      kind: 'interval',
      values: {
        fromNs: prev.timeNs, toNs: point.timeNs, count: point.count - prev.count,
        // Float sums subtract with rounding; an interval never has a negative latency.
        sum: Math.max(0, point.sum - prev.sum), max: intervalMax(prev, point, bounds),
      },
    };
  }

  /** Makes `point` its series' latest; the function returned undoes that unless a newer point came since. */
  record(key: string, point: HistogramState): () => void {
    const prev = this.last.get(key);
    this.set(key, point);
    return () => {
      if (this.last.get(key) !== point) return;
      if (prev) this.set(key, prev);
      else this.last.delete(key);
    };
  }

  private set(key: string, point: HistogramState): void {
    this.last.delete(key);
    this.last.set(key, point);
    if (this.last.size > this.maxSeries) this.last.delete(this.last.keys().next().value!);
  }
}

/**
 * A cumulative max is the max since the series started. If it grew, the new max happened in
 * this interval (exact). If not, the interval's max is at most the upper bound of the highest
 * bucket that gained counts (and at most the cumulative max): that bound is used, an estimate
 * from above. Without a max (or with only the overflow bucket gaining), the cumulative max.
 */
function intervalMax(prev: HistogramState, point: HistogramState, bounds: readonly number[]): number | undefined {
  if (point.max === undefined) return undefined;
  if (prev.max === undefined || point.max > prev.max) return point.max;
  for (let i = point.bucketCounts.length - 1; i >= 0; i--) {
    if (point.bucketCounts[i] > (prev.bucketCounts[i] ?? 0)) return i < bounds.length ? Math.min(bounds[i], point.max) : point.max;
  }
  return undefined;
}
