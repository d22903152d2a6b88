/**
 * GitHub deliveries for the benchmark: GitHub's own workflow_run "completed" example
 * (@octokit/webhooks-examples), one distinct run per delivery, signed as GitHub signs them
 * (X-Hub-Signature-256) before the clock starts: signing is the sender's work, checking it ours.
 */
import { createHmac } from 'node:crypto';
import examples from '@octokit/webhooks-examples';

export interface Delivery { readonly body: string; readonly signature: string }

export function githubDeliveries(count: number, secret: string, endMs: number): Delivery[] {
  const workflowRun = (examples as Array<{ name: string; examples: Array<Record<string, any>> }>) // eslint-disable-line @typescript-eslint/no-explicit-any
    .find((e) => e.name === 'workflow_run')!.examples.find((p) => p.action === 'completed' && p.workflow_run.conclusion)!;
  return Array.from({ length: count }, (_, i) => {
    const stopped = endMs - i * 60_000;
    const payload = {
      ...workflowRun,
      workflow_run: {
        ...workflowRun.workflow_run, id: 1_000_000 + i, name: `workflow ${i % 5}`, conclusion: i % 7 ? 'success' : 'failure',
        run_started_at: new Date(stopped - 300_000).toISOString(), updated_at: new Date(stopped).toISOString(),
      },
    };
    const body = JSON.stringify(payload);
    return { body, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
  });
}

/** Sends every delivery with `concurrency` in flight (a sender delivers many at once); each must be 200. */
export async function deliverAll(url: string, deliveries: readonly Delivery[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < deliveries.length) {
      const { body, signature } = deliveries[next++];
      const res = await fetch(`${url}/api/v1/webhooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-hub-signature-256': signature },
        body,
      });
      if (res.status !== 200) throw new Error(`the GitHub receiver answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
    }
  }));
}
