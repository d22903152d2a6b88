/** CircleCI's documented sample payloads (fixtures/circleci, with their source), signed as CircleCI signs them. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const circleciExample = (name: 'workflow-completed' | 'job-completed' | 'workflow-completed-gitlab'): Payload =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'circleci', `${name}.json`), 'utf8'));

/** `v1=` + HMAC-SHA256 hex of the body, as CircleCI's documentation describes it. */
export const circleciSignature = (secret: string, body: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

export async function deliverCircleci(url: string, payload: unknown, secret: string, options: { body?: string; signature?: string | null } = {}) {
  const body = options.body ?? JSON.stringify(payload);
  const signature = options.signature === undefined ? circleciSignature(secret, body) : options.signature;
  const res = await fetch(`${url}/api/v1/webhooks/circleci`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'CircleCI-Webhook/1.0', ...(signature === null ? {} : { 'circleci-signature': signature }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
