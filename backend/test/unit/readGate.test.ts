/** The read gate's pure logic: in flight, waiting, refused when full, timed out. */
import { ReadGate, StoreBusyError } from '../../src/store/readGate';
import { StoreUnavailableError } from '../../src/store/Store';

/** A query that answers when released. */
function gated() {
  const releases: Array<() => void> = [];
  const query = () => new Promise<string>((resolve) => releases.push(() => resolve('done')));
  return { releases, query };
}
const tick = () => new Promise((r) => setImmediate(r));

test('runs at most maxInFlight at once, queues the rest in order, refuses beyond the queue', async () => {
  const gate = new ReadGate({ maxInFlight: 2, maxQueued: 2, timeoutMs: 10_000 });
  const { releases, query } = gated();
  const answers = [gate.run(query), gate.run(query), gate.run(query), gate.run(query)];
  await expect(gate.run(query)).rejects.toBeInstanceOf(StoreBusyError);
  await tick();
  expect(releases).toHaveLength(2);
  expect(gate.load).toEqual({ running: 2, waiting: 2 });
  releases[0]();
  await tick();
  expect(releases).toHaveLength(3);
  releases.slice(1).forEach((release) => release());
  await tick();
  releases.slice(3).forEach((release) => release());
  await expect(Promise.all(answers)).resolves.toEqual(['done', 'done', 'done', 'done']);
  expect(gate.load).toEqual({ running: 0, waiting: 0 });
});

test('a query not answered within the timeout is a 503 cause; its slot stays taken until the engine finishes', async () => {
  const gate = new ReadGate({ maxInFlight: 1, maxQueued: 5, timeoutMs: 30 });
  const { releases, query } = gated();
  const slow = gate.run(query);
  const waiting = gate.run(query);
  await expect(slow).rejects.toThrow(/longer than 30 ms/);
  await expect(waiting).rejects.toThrow(/waiting for a free slot/);
  await expect(waiting).rejects.toBeInstanceOf(StoreUnavailableError);
  expect(gate.load).toEqual({ running: 1, waiting: 0 });
  releases[0]();
  await tick();
  expect(gate.load).toEqual({ running: 0, waiting: 0 });
});
