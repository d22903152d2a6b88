/**
 * Sends events to a Flowmeter service through its public ingest API: NDJSON batches, retried
 * while the service is starting or answers 503, with a progress bar on stderr.
 */
import type { EventInput } from '../../../contract/events';

export interface SeedTarget {
  /** Service base URL, e.g. http://127.0.0.1:3001 */
  readonly url: string;
  /** An ingest token, when the service has tokens configured. */
  readonly token?: string;
  readonly batchSize?: number;
  /** Attempts per batch before giving up (connection refused, 503). */
  readonly attempts?: number;
}

export interface Progress {
  update(fraction: number, detail: string): void;
  done(detail: string): void;
}

/** Posts every event; resolves with the number the service accepted. */
export async function seed(events: Iterable<EventInput>, target: SeedTarget, progress?: Progress, total?: () => { fraction: number; detail: string }): Promise<number> {
  const size = target.batchSize ?? 5000;
  let batch: EventInput[] = [];
  let accepted = 0;
  const flush = async () => {
    if (!batch.length) return;
    accepted += await postBatch(batch, target);
    batch = [];
    const status = total?.();
    if (status) progress?.update(status.fraction, `${status.detail}, ${accepted.toLocaleString('en-US')} events`);
  };
  for (const event of events) {
    batch.push(event);
    if (batch.length >= size) await flush();
  }
  await flush();
  progress?.done(`${accepted.toLocaleString('en-US')} events sent`);
  return accepted;
}

async function postBatch(batch: readonly EventInput[], target: SeedTarget): Promise<number> {
  const body = batch.map((e) => JSON.stringify(e)).join('\n');
  const attempts = target.attempts ?? 30;
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs = Math.min(1000 * attempt, 5000);
    try {
      const res = await fetch(`${target.url.replace(/\/+$/, '')}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
        body,
      });
      const text = await res.text();
      if (res.status === 200) return (JSON.parse(text) as { accepted: number }).accepted;
      if (res.status !== 503) throw new SeedError(`the service answered ${res.status}: ${text.slice(0, 500)}`);
      retryAfterMs = Number(res.headers.get('retry-after') ?? 1) * 1000;
    } catch (err) {
      if (err instanceof SeedError || attempt >= attempts) throw err;
    }
    if (attempt >= attempts) throw new SeedError(`the service stayed unavailable after ${attempts} attempts`);
    await new Promise((r) => setTimeout(r, retryAfterMs));
  }
}

export class SeedError extends Error {}

/** A one-line bar redrawn in place on a terminal, or a line per 10% elsewhere (logs). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): Progress {
  let lastDecile = -1;
  const bar = (fraction: number) => `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '-')}] ${Math.floor(fraction * 100).toString().padStart(3)}%`;
  return {
    update(fraction, detail) {
      if (stream.isTTY) stream.write(`\r${bar(fraction)} ${detail}\x1b[K`);
      else if (Math.floor(fraction * 10) > lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        stream.write(`${bar(fraction)} ${detail}\n`);
      }
    },
    done(detail) {
      stream.write(`${stream.isTTY ? '\r' : ''}${bar(1)} ${detail}${stream.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}
