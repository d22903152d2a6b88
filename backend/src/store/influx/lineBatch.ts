/**
 * The lines of one write, encoded into a growing buffer as points arrive. A batch therefore
 * holds bytes, not thousands of point objects and line strings: each point is garbage as soon
 * as it is added, which keeps the garbage collector's work small under heavy ingest.
 *
 * Within a batch a later point with the same measurement and key replaces an earlier one
 * (InfluxDB would keep both when a tag or the time changed).
 */
import type { Point } from '../points';
import { LineBuffer, writeLine } from './lineProtocol';
import { TouchedDays } from './touchMarks';

/** A run of whole lines, each ending in '\n', ready to be a /write body (or part of one). */
export interface LineChunk {
  readonly body: Buffer;
  readonly lines: number;
}

const NEWLINE = 0x0a;

export class LineBatch {
  /** Byte offset where each line starts. */
  private readonly starts: number[] = [];
  /** measurement -> key -> line index, to find replaced lines. */
  private readonly lineOfKey = new Map<string, Map<string, number>>();
  private readonly replaced = new Set<number>();
  readonly touched = new TouchedDays();

  /** `out`: a buffer to reuse (emptied first); a fresh one when absent. */
  constructor(readonly out = new LineBuffer()) {
    out.length = 0;
  }

  get lines(): number {
    return this.starts.length - this.replaced.size;
  }

  add(point: Point): void {
    const line = this.starts.length;
    const keys = this.lineOfKey.get(point.measurement) ?? this.lineOfKey.set(point.measurement, new Map()).get(point.measurement)!;
    const earlier = keys.get(point.key);
    if (earlier !== undefined) this.replaced.add(earlier);
    keys.set(point.key, line);
    this.touched.add(point.measurement, point.timeMs);
    this.starts.push(this.out.length);
    writeLine(this.out, point);
    this.out.byte(NEWLINE);
  }

  /**
   * The kept lines in order, in chunks of at most maxLines lines, each followed by the touch
   * marks of the batch's days (touchMarks.ts) with a token of its own: a chunk may be a request
   * of its own, and a mark must travel with the points it covers.
   */
  chunks(maxLines: number): LineChunk[] {
    const count = this.starts.length;
    const offset = (line: number) => (line < count ? this.starts[line] : this.out.length);
    const chunks: LineChunk[] = [];
    let parts: Buffer[] = [];
    let lines = 0;
    // Consecutive kept lines are one slice of the buffer; a replaced line ends the slice.
    let from = 0;
    const take = (to: number) => {
      if (to > from) parts.push(this.out.bytes.subarray(offset(from), offset(to)));
      from = to;
    };
    const close = () => {
      if (lines === 0) return;
      const marks = this.touched.marks();
      if (marks.lines > 0) parts.push(marks.body);
      chunks.push({ body: parts.length === 1 ? parts[0] : Buffer.concat(parts), lines: lines + marks.lines });
      parts = [];
      lines = 0;
    };
    for (let line = 0; line < count; line++) {
      if (this.replaced.has(line)) {
        take(line);
        from = line + 1;
      } else if (++lines === maxLines) {
        take(line + 1);
        close();
      }
    }
    take(count);
    close();
    return chunks;
  }
}
