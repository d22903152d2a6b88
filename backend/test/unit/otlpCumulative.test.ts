/** Cumulative OTLP histograms -> per-interval values: differences, resets, retries, first points, undo. */
import { CumulativeSeries, type HistogramState } from '../../src/receivers/otlp/cumulative';

const S = 1_000_000_000n; // ns per second
const BOUNDS = [10, 50, 100];
const point = (startS: number, timeS: number, count: number, sum: number, max: number | undefined, buckets: number[]): HistogramState =>
  ({ startNs: BigInt(startS) * S, timeNs: BigInt(timeS) * S, count, sum, max, bucketCounts: buckets });

describe('CumulativeSeries', () => {
  it('differences consecutive points; the first point of a series older than the receiver is a baseline', () => {
    const series = new CumulativeSeries(100n * S);
    const p1 = point(50, 110, 4, 100, 80, [1, 2, 1, 0]);
    expect(series.difference('k', p1, BOUNDS)).toEqual({ kind: 'baseline' });
    series.record('k', p1);
    const p2 = point(50, 170, 7, 160, 90, [2, 3, 2, 0]);
    expect(series.difference('k', p2, BOUNDS)).toEqual({ kind: 'interval', values: { fromNs: 110n * S, toNs: 170n * S, count: 3, sum: 60, max: 90 } });
  });

  it('a series that began after the receiver counts whole at first sight', () => {
    const series = new CumulativeSeries(100n * S);
    expect(series.difference('k', point(120, 180, 2, 30, 20, [1, 1, 0, 0]), BOUNDS))
      .toEqual({ kind: 'interval', values: { fromNs: 120n * S, toNs: 180n * S, count: 2, sum: 30, max: 20 } });
  });

  it('a max that did not grow is bounded by the highest bucket that gained counts; the overflow bucket gives the cumulative max', () => {
    const series = new CumulativeSeries(0n);
    series.record('k', point(1, 60, 5, 400, 95, [1, 2, 2, 0]));
    const values = (p: HistogramState) => (series.difference('k', p, BOUNDS) as { values: { max?: number } }).values;
    expect(values(point(1, 120, 7, 430, 95, [2, 3, 2, 0])).max).toBe(50);
    expect(values(point(1, 120, 6, 500, 95, [1, 2, 2, 1])).max).toBe(95);
    expect(values(point(1, 120, 6, 500, 130, [1, 2, 2, 1])).max).toBe(130);
  });

  it('a changed start or a lower count is a reset (the point counts whole); a point not newer is stale', () => {
    const series = new CumulativeSeries(0n);
    series.record('k', point(1, 60, 10, 500, 90, [5, 5, 0, 0]));
    expect(series.difference('k', point(61, 120, 2, 20, 15, [1, 1, 0, 0]), BOUNDS)).toMatchObject({ kind: 'interval', values: { fromNs: 61n * S, count: 2, sum: 20 } });
    expect(series.difference('k', point(1, 120, 3, 40, 15, [1, 2, 0, 0]), BOUNDS)).toMatchObject({ kind: 'interval', values: { fromNs: 1n * S, count: 3 } });
    expect(series.difference('k', point(1, 60, 10, 500, 90, [5, 5, 0, 0]), BOUNDS)).toEqual({ kind: 'stale' });
    expect(series.difference('k', point(1, 30, 8, 400, 90, [4, 4, 0, 0]), BOUNDS)).toEqual({ kind: 'stale' });
  });

  it('undo puts the previous point back unless a newer one came since', () => {
    const series = new CumulativeSeries(0n);
    const p1 = point(1, 60, 1, 10, 10, [1, 0, 0, 0]);
    const p2 = point(1, 120, 2, 20, 10, [2, 0, 0, 0]);
    const p3 = point(1, 180, 3, 30, 10, [3, 0, 0, 0]);
    series.record('k', p1);
    series.record('k', p2)();
    expect(series.difference('k', p2, BOUNDS)).toMatchObject({ values: { fromNs: 60n * S, count: 1 } });
    const undoP2 = series.record('k', p2);
    series.record('k', p3);
    undoP2();
    expect(series.difference('k', p3, BOUNDS)).toEqual({ kind: 'stale' });
  });

  it('keeps at most maxSeries series, forgetting the least recently updated', () => {
    const series = new CumulativeSeries(10n * S, 2);
    for (const key of ['a', 'b', 'a', 'c']) series.record(key, point(1, 60, 1, 1, 1, [1]));
    const later = point(1, 120, 2, 2, 1, [2]);
    expect(series.difference('b', later, BOUNDS)).toEqual({ kind: 'baseline' });
    expect(series.difference('a', later, BOUNDS)).toMatchObject({ kind: 'interval' });
    expect(series.difference('c', later, BOUNDS)).toMatchObject({ kind: 'interval' });
  });
});
