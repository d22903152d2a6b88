/**
 * GitHub's own example payloads, from the npm package @octokit/webhooks-examples (MIT,
 * github.com/octokit/webhooks: payloads recorded from real deliveries), and deliveries signed
 * as GitHub signs them, with @octokit/webhooks-methods.
 */
import examples from '@octokit/webhooks-examples';
import { sign } from '@octokit/webhooks-methods';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every example of an event, optionally of one action; deep copies, free to change. */
export function githubExamples(event: string, action?: string): Payload[] {
  const found = (examples as Array<{ name: string; examples: Payload[] }>).find((e) => e.name === event);
  if (!found) throw new Error(`no GitHub example for ${event}`);
  return found.examples.filter((p) => action === undefined || p.action === action).map((p) => structuredClone(p));
}

export const githubExample = (event: string, action?: string, index = 0): Payload => githubExamples(event, action)[index];

export interface Delivery { status: number; body: any; retryAfter?: string } // eslint-disable-line @typescript-eslint/no-explicit-any

/** POSTs a payload as GitHub does: X-GitHub-Event, X-GitHub-Delivery and X-Hub-Signature-256. */
export async function deliver(url: string, event: string, payload: unknown, secret: string, options: { body?: string; signature?: string | null } = {}): Promise<Delivery> {
  const body = options.body ?? JSON.stringify(payload);
  const signature = options.signature === undefined ? await sign({ secret, algorithm: 'sha256' }, body) : options.signature;
  const res = await fetch(`${url}/api/v1/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'user-agent': 'GitHub-Hookshot/044aadd', ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  });
  const text = await res.text();
  const retryAfter = res.headers.get('retry-after');
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ...(retryAfter ? { retryAfter } : {}) };
}
