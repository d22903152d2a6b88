/** The CDEvents specification's conformance examples (fixtures/cdevents), sent as CloudEvents over HTTP. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const cdeventExample = (name: string): Payload =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'cdevents', `${name}.json`), 'utf8'));

/**
 * Structured mode: a CloudEvents JSON envelope with the CDEvent as its data. Binary mode: the
 * CDEvent as the body, its context repeated in ce-* headers (CDEvents' CloudEvents binding).
 */
export async function sendCdevent(url: string, event: Payload, token: string | undefined, mode: 'structured' | 'binary', body?: string) {
  const ce = { specversion: '1.0', id: event.context.id, source: event.context.source, type: event.context.type, time: event.context.timestamp };
  const headers: Record<string, string> = mode === 'structured'
    ? { 'content-type': 'application/cloudevents+json; charset=utf-8' }
    : { 'content-type': 'application/json', ...Object.fromEntries(Object.entries(ce).map(([k, v]) => [`ce-${k}`, String(v)])) };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/api/v1/webhooks/cdevents`, {
    method: 'POST', headers, body: body ?? JSON.stringify(mode === 'structured' ? { ...ce, datacontenttype: 'application/json', data: event } : event),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
