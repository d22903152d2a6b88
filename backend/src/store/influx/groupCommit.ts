/**
 * Group commit: concurrent write() calls share InfluxDB requests. Up to `maxInFlight` requests
 * run at once (InfluxDB parses and indexes a request on one core, so a few in parallel use the
 * machine); while all are busy, whatever is queued goes together in the next request (up to
 * maxLines). A lone writer pays no delay and many writers pay few round trips. A request
 * beyond the first in flight starts only once `parallelLines` lines are queued: small writes
 * (webhook deliveries, a few lines each) then wait for the one in flight and go together, as
 * InfluxDB's cost is mostly per request, while large ones still keep two cores busy. A caller's
 * promise settles only with the request(s) that carried its lines: resolved on 204, rejected
 * otherwise, so nothing is acknowledged that InfluxDB did not take; one caller's bad lines
 * fail only that caller (see commit()).
 *
 * Order: lines of one caller go in order. Two callers in flight at once have no order between
 * them, as two concurrent HTTP requests never have; a caller that waits for its answer before
 * sending again (the only way to rely on "newest wins") is always ordered.
 */
import type { LineChunk } from './lineBatch';

interface Pending {
  chunks: LineChunk[];
  lines: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private queuedLines = 0;
  private inFlight = 0;
  private idle: Array<() => void> = [];
  /** Requests sent so far (the tests and the benchmark read it). */
  requests = 0;
  /** Shared requests refused and re-sent caller by caller. */
  splits = 0;

  /**
   * `isolates(err)`: whether a refused shared request is re-sent caller by caller.
   * `parallelLines`: lines that must be queued before a request starts beside one in flight.
   */
  constructor(
    private readonly send: (body: Buffer) => Promise<void>,
    private readonly maxLines: number,
    private readonly maxInFlight = 2,
    private readonly isolates: (err: unknown) => boolean = () => false,
    private readonly parallelLines = 0,
  ) {}

  /** Chunks of at most maxLines lines each (LineBatch.chunks). */
  write(chunks: LineChunk[]): Promise<void> {
    const lines = chunks.reduce((sum, chunk) => sum + chunk.lines, 0);
    if (lines === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ chunks, lines, resolve, reject }));
    this.queuedLines += lines;
    this.pump();
    return done;
  }

  /** Waits until everything queued so far has been sent. */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.queue.length && this.inFlight < this.maxInFlight && (this.inFlight === 0 || this.queuedLines >= this.parallelLines)) {
      this.inFlight++;
      void this.commit(this.takeGroup()).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    }
  }

  /**
   * Sends one group. When InfluxDB refuses a shared request (a 400: one caller's points it
   * cannot store, while it may have written the rest), each caller is sent again alone, so
   * each gets its own outcome: re-sending written lines rewrites the same points. A request
   * that failed for want of InfluxDB (down, 5xx, timeout) is not split: all its callers failed
   * alike, and one retry per caller would only multiply the waits.
   */
  private async commit(callers: Pending[]): Promise<void> {
    try {
      await this.sendChunks(callers.flatMap((caller) => caller.chunks));
      callers.forEach((c) => c.resolve());
    } catch (err) {
      if (callers.length === 1 || !this.isolates(err)) {
        callers.forEach((c) => c.reject(err));
        return;
      }
      this.splits++;
      for (const caller of callers) {
        await this.sendChunks(caller.chunks).then(caller.resolve, caller.reject);
      }
    }
  }

  /** Requests of at most maxLines lines (a caller larger than that goes in several, in order). */
  private async sendChunks(chunks: LineChunk[]): Promise<void> {
    let request: Buffer[] = [];
    let lines = 0;
    for (const chunk of chunks) {
      if (request.length > 0 && lines + chunk.lines > this.maxLines) {
        await this.sendRequest(request);
        request = [];
        lines = 0;
      }
      request.push(chunk.body);
      lines += chunk.lines;
    }
    await this.sendRequest(request);
  }

  private sendRequest(bodies: Buffer[]): Promise<void> {
    this.requests++;
    return this.send(bodies.length === 1 ? bodies[0] : Buffer.concat(bodies));
  }

  /** Takes callers until the group reaches maxLines (a large caller goes alone). */
  private takeGroup(): Pending[] {
    const callers: Pending[] = [];
    let lines = 0;
    while (this.queue.length && (callers.length === 0 || lines + this.queue[0].lines <= this.maxLines)) {
      const next = this.queue.shift()!;
      callers.push(next);
      lines += next.lines;
    }
    this.queuedLines -= lines;
    return callers;
  }
}
