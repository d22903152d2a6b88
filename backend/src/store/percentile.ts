/**
 * The contract's percentile (spec section 3): nearest rank, the value at rank ceil(N x p/100)
 * (at least 1) of the N values sorted ascending, so that p% of the values are at or below it.
 * InfluxDB's PERCENTILE picks rank floor(N x p/100 + 0.5) instead (spec section 5); the InfluxDB
 * store corrects for that with these.
 */

/** A hair below 1e-9 absorbs binary rounding of N x p/100 (1000 x 99.9/100 is 999.0000000000001). */
const EPSILON = 1e-9;

/** Rank (1-based) of the nearest-rank percentile p of N values (N >= 1). */
export const nearestRank = (n: number, p: number): number => Math.max(1, Math.ceil((n * p) / 100 - EPSILON));

/** Rank InfluxDB's PERCENTILE(f, p) picks among N values (0: it answers null). */
export const influxRank = (n: number, p: number): number => Math.floor((n * p) / 100 + 0.5);

/**
 * A p' for which InfluxDB's PERCENTILE picks rank k of N: floor(N x p'/100 + 0.5) = k when
 * N x p'/100 = k - 0.25 (a quarter rank of margin either side for rounding).
 */
export const influxPercentileForRank = (k: number, n: number): number => ((k - 0.25) * 100) / n;

/** The same rank rule as SQL over a count expression, for engines that compute it themselves. */
export const nearestRankSql = (countExpression: string, p: number): string =>
  `greatest(1, ceil(${countExpression} * ${Number(p)} / 100 - ${EPSILON}))::BIGINT`;
