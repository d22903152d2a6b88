/** Group commit's pure logic, with a controllable fake `send`. */
import { GroupCommit } from '../../src/store/influx/groupCommit';
import type { LineChunk } from '../../src/store/influx/lineBatch';

/** A send whose requests stay open until released one by one. */
function gatedSend() {
  const bodies: string[] = [];
  const gates: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  const send = (body: Buffer) => new Promise<void>((resolve, reject) => { bodies.push(body.toString()); gates.push({ resolve, reject }); });
  return { bodies, gates, send };
}

/** One caller's lines, in chunks of at most `size` lines (as LineBatch.chunks makes them). */
function lines(names: string[], size = 100): LineChunk[] {
  const chunks: LineChunk[] = [];
  for (let i = 0; i < names.length; i += size) {
    const slice = names.slice(i, i + size);
    chunks.push({ body: Buffer.from(slice.map((name) => `${name}\n`).join('')), lines: slice.length });
  }
  return chunks;
}
const tick = () => new Promise((r) => setImmediate(r));

test('a lone writer is sent at once; writers queued behind busy slots share one request', async () => {
  const { bodies, gates, send } = gatedSend();
  const commit = new GroupCommit(send, 100, 2);
  const settled: string[] = [];
  const track = (name: string, p: Promise<void>) => p.then(() => settled.push(name));
  track('a', commit.write(lines(['a1'])));
  track('b', commit.write(lines(['b1'])));
  track('c', commit.write(lines(['c1', 'c2'])));
  track('d', commit.write(lines(['d1'])));
  await tick();
  expect(bodies).toEqual(['a1\n', 'b1\n']); // two slots busy; c and d wait together
  gates[1].resolve();
  await tick();
  expect(settled).toEqual(['b']);
  expect(bodies).toEqual(['a1\n', 'b1\n', 'c1\nc2\nd1\n']);
  gates[0].resolve();
  gates[2].resolve();
  await commit.flush();
  expect(settled.sort()).toEqual(['a', 'b', 'c', 'd']);
  expect(commit.requests).toBe(3);
});

test('beside a request in flight, another starts only once parallelLines lines are queued', async () => {
  const { bodies, gates, send } = gatedSend();
  const commit = new GroupCommit(send, 100, 2, () => false, 3);
  const all = [commit.write(lines(['a1'])), commit.write(lines(['b1'])), commit.write(lines(['c1']))];
  await tick();
  expect(bodies).toEqual(['a1\n']); // b and c: 2 lines queued, under 3; they wait for a
  all.push(commit.write(lines(['d1'])));
  await tick();
  expect(bodies).toEqual(['a1\n', 'b1\nc1\nd1\n']); // 3 queued: the second slot starts
  all.push(commit.write(lines(['e1'])));
  gates[0].resolve();
  await tick();
  expect(bodies).toHaveLength(2); // a slot is free, but b-d is in flight and 1 line is queued
  gates[1].resolve();
  await tick();
  expect(bodies).toEqual(['a1\n', 'b1\nc1\nd1\n', 'e1\n']); // nothing in flight: sent at once
  gates[2].resolve();
  await Promise.all(all);
  expect(commit.requests).toBe(3);
});

test('a failed request rejects exactly the callers it carried, and nothing else', async () => {
  const { gates, send } = gatedSend();
  const commit = new GroupCommit(send, 100, 1);
  const first = commit.write(lines(['x']));
  const second = commit.write(lines(['y']));
  const third = commit.write(lines(['z']));
  await tick();
  gates[0].reject(new Error('influx said 500'));
  await expect(first).rejects.toThrow('influx said 500');
  await tick();
  gates[1].resolve();
  await expect(second).resolves.toBeUndefined();
  await expect(third).resolves.toBeUndefined();
});

test('a caller larger than maxLines goes alone, in order, in slices; settled after the last', async () => {
  const { bodies, gates, send } = gatedSend();
  const commit = new GroupCommit(send, 2, 2);
  let done = false;
  void commit.write(lines(['1', '2', '3', '4', '5'], 2)).then(() => { done = true; });
  for (let i = 0; i < 3; i++) {
    await tick();
    expect(done).toBe(false);
    gates[i].resolve();
  }
  await commit.flush();
  expect(bodies).toEqual(['1\n2\n', '3\n4\n', '5\n']);
  expect(done).toBe(true);
});

test('flush waits for queued and in-flight writes; with nothing pending it returns at once', async () => {
  const { gates, send } = gatedSend();
  const commit = new GroupCommit(send, 10, 1);
  await commit.flush();
  void commit.write(lines(['a']));
  void commit.write(lines(['b']));
  let flushed = false;
  void commit.flush().then(() => { flushed = true; });
  await tick();
  gates[0].resolve();
  await tick();
  expect(flushed).toBe(false);
  gates[1].resolve();
  await tick();
  expect(flushed).toBe(true);
});

/** A send that refuses any request containing a 'bad' line, as InfluxDB answers 400 to a partial write. */
class Refused extends Error {}
function refusingSend() {
  const bodies: string[] = [];
  const send = async (body: Buffer) => {
    const text = body.toString();
    bodies.push(text);
    if (/^bad/m.test(text)) throw new Refused(`refused: ${text.trim()}`);
  };
  return { bodies, send };
}

test('a refused shared request is re-sent caller by caller: only the caller with the bad line fails', async () => {
  const { bodies, send } = refusingSend();
  const commit = new GroupCommit(send, 100, 1, (err) => err instanceof Refused);
  const first = commit.write(lines(['a1']));
  const grouped = [commit.write(lines(['b1', 'b2'])), commit.write(lines(['bad1'])), commit.write(lines(['c1']))];
  await expect(first).resolves.toBeUndefined();
  const outcomes = await Promise.allSettled(grouped);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(Refused);
  expect(bodies).toEqual(['a1\n', 'b1\nb2\nbad1\nc1\n', 'b1\nb2\n', 'bad1\n', 'c1\n']);
  expect(commit.splits).toBe(1);
});

test('a shared request that failed for another reason (storage down) fails all its callers, without a retry each', async () => {
  const bodies: string[] = [];
  const send = async (body: Buffer) => { bodies.push(body.toString()); throw new Error('connection refused'); };
  const commit = new GroupCommit(send, 100, 1, (err) => err instanceof Refused);
  const first = commit.write(lines(['a']));
  const grouped = [commit.write(lines(['b'])), commit.write(lines(['c']))];
  const outcomes = await Promise.allSettled([first, ...grouped]);
  expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
  expect(bodies).toEqual(['a\n', 'b\nc\n']);
  expect(commit.splits).toBe(0);
});
