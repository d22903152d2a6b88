/**
 * Group commit: concurrent write() calls share InfluxDB requests. One request is in flight at
 * a time; whatever is queued meanwhile goes together in the next one (split at maxLines), so
 * a lone writer pays no delay and many writers pay one round trip for all of them. A caller's
 * promise settles only with the request that carried its last line: resolved on 204, rejected
 * otherwise, so nothing is acknowledged that InfluxDB did not take.
 */
interface Pending {
  lines: string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** Requests sent so far (the tests and the benchmark read it). */
  requests = 0;

  constructor(private readonly send: (body: string) => Promise<void>, private readonly maxLines = 10_000) {}

  write(lines: string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ lines, resolve, reject }));
    this.flushing ??= this.drain();
    return done;
  }

  /** Waits until everything queued so far has been sent. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.takeGroup();
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
    } finally {
      this.flushing = undefined;
    }
  }

  /** Takes callers until the group reaches maxLines (a large caller goes alone, in slices). */
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
