/**
 * What a receiver is: a sender's verification, and a pure mapping from its payload to
 * Flowmeter events. The route (route.ts) does the rest the same way for every sender.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { EventInput } from '../../../contract/events';
import type { Config } from '../config';

/** What a delivery becomes: events to store, or the reason it is not used (202). */
export type Mapping =
  | { readonly ignored: string }
  | {
    readonly events: readonly EventInput[];
    /**
     * The commit a deploy among the events shipped, when the payload names it but not its time:
     * the route looks the time up among stored commits (a `push` before) for the lead time.
     */
    readonly deployedSha?: string;
  };

export interface Receiver {
  /** Path segment: POST /api/v1/webhooks/<name>. */
  readonly name: string;
  /** One line for the OpenAPI document: the sender and what it sends. */
  readonly summary: string;
  /** Whether it is on; why not, for the 404, when it is off. */
  readonly enabled: (config: Config) => { readonly on: true } | { readonly on: false; readonly why: string };
  /** Authentication before the body is read (CDEvents: an ingest token). */
  readonly authenticate?: (config: Config) => RequestHandler;
  /** What verifies the sender (a header), for the 401's message. */
  readonly verifiedBy?: string;
  /** Verifies the sender on the raw body, before it is parsed. */
  readonly verify?: (headers: IncomingHttpHeaders, body: Buffer, config: Config) => boolean;
  /** The JSON payload (already parsed) and the request headers -> events. Pure. */
  readonly map: (payload: unknown, headers: IncomingHttpHeaders) => Mapping;
}

export const ignored = (why: string): Mapping => ({ ignored: why });
