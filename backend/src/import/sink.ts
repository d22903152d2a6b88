/** Where imported events go: Flowmeter's own POST /api/v1/events, in batches (all or nothing each). */
import type { EventInput } from '../../../contract/events';
import type { Progress } from './progress';

export interface EventSink {
  write(events: readonly EventInput[]): Promise<void>;
}

/** What every sender's import takes besides where to read from. */
export interface ImportRun {
  readonly sinceMs: number;
  readonly nowMs: number;
  readonly token?: string;
  readonly sink: EventSink;
  readonly progress: Progress;
  readonly checkpointFile: string;
  /** Set to stop after the current step (SIGINT); the checkpoint resumes from there. */
  readonly stopped?: () => boolean;
}

const BATCH = 1000;

export function httpSink(url: string, token: string | undefined): EventSink {
  return {
    async write(events) {
      for (let i = 0; i < events.length; i += BATCH) {
        const res = await fetch(`${url.replace(/\/+$/, '')}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(events.slice(i, i + BATCH)),
        });
        if (res.status !== 200) throw new Error(`Flowmeter answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        await res.arrayBuffer();
      }
    },
  };
}
