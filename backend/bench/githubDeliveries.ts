/**
 * GitHub deliveries for the benchmark: GitHub's own workflow_run "completed" example
 * (@octokit/webhooks-examples), one distinct run per delivery, signed as GitHub signs them
 * (X-Hub-Signature-256) and encoded before the clock starts: signing is the sender's work,
 * checking it ours.
 *
 * The sender shares the machine's two cores with the service and influxd, while GitHub sends
 * from elsewhere: it must cost as little as it can. Node's fetch cost ~0.9 ms of CPU per 19 KB
 * delivery, as much as the receiver itself; so each connection is a plain keep-alive socket
 * that writes a pre-rendered HTTP/1.1 request and reads the answer's status line and length.
 */
import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import examples from '@octokit/webhooks-examples';

export interface Delivery { readonly body: Buffer; readonly signature: string }

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
    const body = Buffer.from(JSON.stringify(payload));
    return { body, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
  });
}

/**
 * Sends every delivery over `concurrency` keep-alive connections, one request at a time on each
 * (as GitHub's deliveries are separate requests: no pipelining); each answer must be 200.
 */
export async function deliverAll(url: string, deliveries: readonly Delivery[], concurrency: number): Promise<void> {
  const { hostname, port } = new URL(url);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    const connection = await Connection.open(hostname, Number(port));
    try {
      while (next < deliveries.length) {
        const { body, signature } = deliveries[next++];
        const head = `POST /api/v1/webhooks/github HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n`
          + `x-github-event: workflow_run\r\nx-hub-signature-256: ${signature}\r\ncontent-length: ${body.length}\r\n\r\n`;
        const answer = await connection.send(head, body);
        if (answer.status !== 200) throw new Error(`the GitHub receiver answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      }
    } finally {
      connection.close();
    }
  }));
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** One keep-alive HTTP/1.1 connection; answers must carry Content-Length (Express's always do). */
class Connection {
  private received: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (answer: { status: number; body: string }) => void; reject: (err: Error) => void };

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
      this.answer();
    });
    socket.on('error', (err) => this.waiting?.reject(err));
    socket.on('close', () => this.waiting?.reject(new Error('the service closed the connection')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(head: string, body: Buffer): Promise<{ status: number; body: string }> {
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => { this.waiting = { resolve, reject }; });
    this.socket.cork();
    this.socket.write(head, 'latin1');
    this.socket.write(body);
    this.socket.uncork();
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Settles the waiting request once its whole answer is in. */
  private answer(): void {
    const headEnd = this.received.indexOf(HEAD_END);
    if (headEnd < 0 || !this.waiting) return;
    const head = this.received.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.waiting.reject(new Error(`an answer without Content-Length: ${head}`));
      return;
    }
    const end = headEnd + HEAD_END.length + Number(length[1]);
    if (this.received.length < end) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    const body = this.received.toString('utf8', headEnd + HEAD_END.length, end);
    this.received = this.received.subarray(end);
    resolve({ status: Number(head.slice(9, 12)), body });
  }
}
