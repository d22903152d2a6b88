/**
 * Group commit: concurrent write() calls share InfluxDB requests. Up to `maxInFlight` requests
 * run at once (InfluxDB parses and indexes a request on one core, so a few in parallel use the
 * machine); while all are busy, whatever is queued goes together in the next request (up to
 * maxLines). A lone writer pays no delay and many writers pay few round trips. A caller's
 * promise settles only with the request(s) that carried its lines: resolved on 204, rejected
 * otherwise, so nothing is acknowledged that InfluxDB did not take.
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
  private inFlight = 0;
  private idle: Array<() => void> = [];
  /** Requests sent so far (the tests and the benchmark read it). */
  requests = 0;

  constructor(
    private readonly send: (body: Buffer) => Promise<void>,
    private readonly maxLines: number,
    private readonly maxInFlight = 2,
  ) {}

  /** Chunks of at most maxLines lines each (LineBatch.chunks). */
  write(chunks: LineChunk[]): Promise<void> {
    const lines = chunks.reduce((sum, chunk) => sum + chunk.lines, 0);
    if (lines === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ chunks, lines, resolve, reject }));
    this.pump();
    return done;
  }

  /** Waits until everything queued so far has been sent. */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      this.inFlight++;
      void this.commit(this.takeGroup()).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    }
  }

  /** Sends one group; a caller larger than maxLines goes alone, in chunks, one after another. */
  private async commit(group: { callers: Pending[]; chunks: LineChunk[] }): Promise<void> {
    try {
      let request: Buffer[] = [];
      let lines = 0;
      for (const chunk of group.chunks) {
        if (request.length > 0 && lines + chunk.lines > this.maxLines) {
          await this.sendRequest(request);
          request = [];
          lines = 0;
        }
        request.push(chunk.body);
        lines += chunk.lines;
      }
      await this.sendRequest(request);
      group.callers.forEach((c) => c.resolve());
    } catch (err) {
      group.callers.forEach((c) => c.reject(err));
    }
  }

  private sendRequest(bodies: Buffer[]): Promise<void> {
    this.requests++;
    return this.send(bodies.length === 1 ? bodies[0] : Buffer.concat(bodies));
  }

  /** Takes callers until the group reaches maxLines (a large caller goes alone). */
  private takeGroup(): { callers: Pending[]; chunks: LineChunk[] } {
    const callers: Pending[] = [];
    const chunks: LineChunk[] = [];
    let lines = 0;
    while (this.queue.length && (callers.length === 0 || lines + this.queue[0].lines <= this.maxLines)) {
      const next = this.queue.shift()!;
      callers.push(next);
      chunks.push(...next.chunks);
      lines += next.lines;
    }
    return { callers, chunks };
  }
}
