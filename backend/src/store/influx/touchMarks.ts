/**
 * Touch marks: every /write that carries points also carries, per measurement and UTC day
 * those points fall in, a mark with a token no other write uses (at most one line per
 * measurement and day a request). A day's rollup records the token it was computed from
 * (rollups.ts) and a cached answer the tokens of its days (resultCache.ts), so any replica
 * sees that a write came after them by the tokens alone; no process has to remember anything.
 *
 * The mark goes in the same request as the points it covers, and a day's points and mark land
 * in one shard (shard groups are whole days), so a query sees both or neither.
 */
import { randomBytes } from 'node:crypto';
import type { Measurement } from '../schema';
import { LineBuffer, writeLine } from './lineProtocol';
import { TOUCHED } from './rollupSchema';

export const DAY_MS = 86_400_000;

/** This process's prefix; a counter makes each token unique within it. */
const PROCESS = randomBytes(6).toString('hex');
let sequence = 0;
const nextToken = () => `${PROCESS}-${(++sequence).toString(36)}`;

/** The UTC days, per measurement, that a batch's points fall in. */
export class TouchedDays {
  private readonly days = new Map<Measurement, Set<number>>();

  add(measurement: Measurement, timeMs: number): void {
    let days = this.days.get(measurement);
    if (!days) this.days.set(measurement, (days = new Set()));
    days.add(Math.floor(timeMs / DAY_MS) * DAY_MS);
  }

  /** Per measurement, the span of days touched: [first day, end of the last day). */
  ranges(): Array<{ measurement: Measurement; fromMs: number; toMs: number }> {
    return [...this.days].map(([measurement, days]) => ({ measurement, fromMs: Math.min(...days), toMs: Math.max(...days) + DAY_MS }));
  }

  /** The marks, with a fresh token, as line-protocol lines. */
  marks(): { body: Buffer; lines: number } {
    const out = new LineBuffer(1024);
    let lines = 0;
    const w = nextToken();
    for (const [m, days] of this.days) {
      for (const day of days) {
        writeLine(out, { measurement: TOUCHED, key: '', timeMs: day, tags: { m }, fields: { w } });
        out.byte(0x0a);
        lines++;
      }
    }
    return { body: out.bytes.subarray(0, out.length), lines };
  }
}
