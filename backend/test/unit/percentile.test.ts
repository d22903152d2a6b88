/** The nearest-rank rule and the p' that makes InfluxDB's PERCENTILE pick a given rank (pure arithmetic). */
import { influxPercentileForRank, influxRank, nearestRank } from '../../src/store/percentile';

describe('nearest rank', () => {
  it.each([
    [17, 95, 17], [20, 95, 19], [1, 5, 1], [2, 50, 1], [3, 50, 2], [1000, 99.9, 999], [10, 100, 10], [100, 1, 1],
  ])('N=%i, p=%d: rank %i', (n, p, rank) => {
    expect(nearestRank(n, p)).toBe(rank);
  });

  it('differs from InfluxDB\'s rank where the spec says it does (17 values, p95: 17th, not 16th)', () => {
    expect(influxRank(17, 95)).toBe(16);
    expect(nearestRank(17, 95)).toBe(17);
  });

  it('for every N up to 2,000 and every rank k, PERCENTILE(f, p\') picks rank k', () => {
    const misses: string[] = [];
    for (let n = 1; n <= 2000; n++) {
      for (let k = 1; k <= n; k++) {
        // As InfluxDB computes it: float64(N)*p/100.0 + 0.5, floored; p' as the store prints it.
        const p = Number(influxPercentileForRank(k, n).toFixed(12));
        if (Math.floor((n * p) / 100 + 0.5) !== k) misses.push(`N=${n} k=${k}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
