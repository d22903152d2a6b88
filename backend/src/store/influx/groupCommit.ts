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
interface Pending {
  lines: string[];
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
    private readonly send: (body: string) => Promise<void>,
    private readonly maxLines = 10_000,
    private readonly maxInFlight = 2,
  ) {}

  write(lines: string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ lines, resolve, reject }));
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

  /** Sends one group; a caller larger than maxLines goes alone, in slices, one after another. */
  private async commit(group: { callers: Pending[]; lines: string[] }): Promise<void> {
    try {
      for (let i = 0; i < group.lines.length; i += this.maxLines) {
        this.requests++;
        await this.send(group.lines.slice(i, i + this.maxLines).join('\n'));
      }
      group.callers.forEach((c) => c.resolve());
    } catch (err) {
      group.callers.forEach((c) => c.reject(err));
    }
  }

  /** Takes callers until the group reaches maxLines (a large caller goes alone). */
  private takeGroup(): { callers: Pending[]; lines: string[] } {
    const callers: Pending[] = [];
    const lines: string[] = [];
    while (this.queue.length && (callers.length === 0 || lines.length + this.queue[0].lines.length <= this.maxLines)) {
      const next = this.queue.shift()!;
      callers.push(next);
      for (const line of next.lines) lines.push(line);
    }
    return { callers, lines };
  }
}
