/**
 * Bounded reads: every store query of the service passes one gate, so no read load can take
 * the engine, the memory or the event loop from health checks and ingest. At most `maxInFlight`
 * queries run at once; up to `maxQueued` more wait in order; beyond that a query is refused at
 * once (503 + Retry-After), and a query that has not answered `timeoutMs` after it asked is
 * answered 503 too. A timed-out query keeps its slot until the engine really finishes it, so
 * the bound on work in the engine holds even then.
 */
import { StoreUnavailableError, type Store } from './Store';

export interface ReadLimits {
  readonly maxInFlight: number;
  readonly maxQueued: number;
  readonly timeoutMs: number;
}

/** The service is answering as many queries as it takes, or one waited too long: retrying later helps. */
export class StoreBusyError extends StoreUnavailableError {}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

export class ReadGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: ReadLimits) {}

  /** Queries running and waiting now (tests read it). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  run<T>(query: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.maxInFlight && this.waiting.length >= this.limits.maxQueued) {
      return Promise.reject(new StoreBusyError(`too many queries at once (${this.limits.maxInFlight} running, ${this.limits.maxQueued} waiting); retry later`));
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => { if (!settled) { settled = true; clearTimeout(waiter.timer); fn(); } };
      const waiter: Waiter = {
        start: () => {
          this.running++;
          query().then((value) => settle(() => resolve(value)), (err) => settle(() => reject(err))).finally(() => {
            this.running--;
            this.next();
          });
        },
        timer: setTimeout(() => {
          const queued = this.waiting.indexOf(waiter);
          if (queued >= 0) this.waiting.splice(queued, 1);
          settle(() => reject(new StoreBusyError(`query took longer than ${this.limits.timeoutMs} ms${queued >= 0 ? ' (waiting for a free slot)' : ''}`)));
        }, this.limits.timeoutMs),
      };
      if (this.running < this.limits.maxInFlight) waiter.start();
      else this.waiting.push(waiter);
    });
  }

  private next(): void {
    while (this.running < this.limits.maxInFlight && this.waiting.length) this.waiting.shift()!.start();
  }
}

/** The store with its queries through the gate (writes, health and explain go straight). */
export function gatedStore(store: Store, gate: ReadGate): Store {
  return {
    kind: store.kind,
    open: () => store.open(),
    write: (points) => store.write(points),
    aggregate: (query) => gate.run(() => store.aggregate(query)),
    rows: (query) => gate.run(() => store.rows(query)),
    // The slot is held until the last row was handed: the engine works until then.
    scan: (query, each) => gate.run(() => store.scan(query, each)),
    count: (query) => gate.run(() => store.count(query)),
    tagValues: (measurement, tag, where) => gate.run(() => store.tagValues(measurement, tag, where)),
    health: () => store.health(),
    explain: (query) => store.explain(query),
    close: () => store.close(),
  };
}
