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
