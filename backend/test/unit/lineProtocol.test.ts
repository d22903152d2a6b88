/** Line protocol escaping and timestamps (pure logic); hostile strings also round-trip end to end in the conformance suite. */
import { LineBatch } from '../../src/store/influx/lineBatch';
import { decodeTagValue, storedTagValue, toLineProtocol } from '../../src/store/influx/lineProtocol';
import type { Point } from '../../src/store/points';

/** The line's last element: its timestamp in nanoseconds. */
const timestampNs = (point: Point) => toLineProtocol(point).split(' ').pop()!;

const point = (over: Partial<Point> = {}): Point => ({
  measurement: 'build', key: 'k-1', timeMs: 1_790_000_000_123,
  tags: { project: 'web', service: 'api' }, fields: { id: 'k-1', duration: 12, n_success: 1 }, ...over,
});

test('tags are sorted, empty tags left out, fields typed and in schema order', () => {
  const line = toLineProtocol(point({ tags: { service: 'api', project: 'web', workflow: '' }, fields: { status: 'success', duration: 12, id: 'k-1' } }));
  expect(line).toBe(`build,project=web,service=api id="k-1",status="success",duration=12.0 ${timestampNs(point())}`);
});

test('the delivery kinds\' one-hot status fields are not written (storedSchema.ts); other kinds\' are', () => {
  const fields = (line: string) => line.split(' ')[1];
  for (const measurement of ['build', 'deploy', 'test', 'release'] as const) {
    expect(fields(toLineProtocol(point({ measurement, fields: { id: 'k-1', status: 'failure', n_success: 0, n_failure: 1, n_timeout: 0, n_cancelled: 0 } }))))
      .toBe('id="k-1",status="failure"');
  }
  expect(fields(toLineProtocol(point({ measurement: 'workflow_run', tags: {}, fields: { id: 'k-1', status: 'failed', n_success: 0, n_failed: 1 } }))))
    .toBe('id="k-1",status="failed",n_success=0i,n_failed=1i');
});

test('numbers: floats keep a fraction or are marked as floats, large values stay valid line protocol', () => {
  const fields = (line: string) => line.split(' ')[1];
  expect(fields(toLineProtocol(point({ measurement: 'deploy', fields: { duration: 0.25, commit_time: 1_790_000_000_123, lead_time: 7 } }))))
    .toBe('duration=0.25,commit_time=1790000000123i,lead_time=7.0');
  expect(fields(toLineProtocol(point({ fields: { duration: 1e21 } })))).toBe('duration=1e+21');
  expect(fields(toLineProtocol(point({ fields: { duration: 2 ** 53 + 2 } })))).toBe(`duration=${2 ** 53 + 2}`);
});

/** The escaping rules, written out independently of the code: percent-encode %, backslash, newline and carriage return, then backslash-escape comma, equals and space. */
const tagValueAsSpecified = (text: string) => text
  .replace(/[%\\\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
  .replace(/[,= ]/g, (c) => `\\${c}`);

test('tag values and string fields are written as the escaping rules define them, for any text', () => {
  const alphabet = ['a', 'Z', '0', ' ', ',', '=', '\\', '"', '%', '\n', '\r', '\t', "'", 'é', '€', '😀', '%5C'];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: 1 + Math.floor(next() * 10) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const line = toLineProtocol(point({ tags: { project: text }, fields: { id: text } }));
    expect(line.startsWith(`build,project=${tagValueAsSpecified(text)} id="${text.replace(/[\\"]/g, '\\$&')}" `)).toBe(true);
  }
});

test('a lone surrogate is written as U+FFFD, as any UTF-8 encoder does', () => {
  const line = toLineProtocol(point({ tags: { project: 'a\ud800b' }, fields: { id: '\udc00' } }));
  expect(line).toContain('project=a\ufffdb id="\ufffd"');
});

test('separators in tag values and string fields are escaped; newlines and backslashes in tags percent-encoded', () => {
  const hostile = `a b,c=d\\e\nf"g'; DROP`;
  const line = toLineProtocol(point({ tags: { project: hostile }, fields: { id: hostile } }));
  expect(line).toContain(String.raw`project=a\ b\,c\=d%5Ce%0Af"g';\ DROP `);
  expect(line).toContain(String.raw`id="a b,c=d\\e` + '\n' + String.raw`f\"g'; DROP"`);
  // Only the quoted string field may hold a raw newline (InfluxDB accepts it there).
  expect(line.slice(0, line.indexOf(' id="'))).not.toMatch(/[\n\r]/);
  expect(line.endsWith(` ${timestampNs(point())}`)).toBe(true);
});

test('stored tag values decode back exactly, % included', () => {
  for (const value of ['100%', '%5C', 'a\\', 'x\r\ny', 'plain']) expect(decodeTagValue(storedTagValue(value))).toBe(value);
});

test('the timestamp is the millisecond plus a stable sub-millisecond offset from the key', () => {
  const a = timestampNs(point());
  expect(a).toMatch(/^1790000000123\d{6}$/);
  expect(timestampNs(point())).toBe(a);
  expect(timestampNs(point({ key: 'k-2' }))).not.toBe(a);
  expect(timestampNs(point({ key: 'k-2' })).slice(0, 13)).toBe('1790000000123');
  expect(timestampNs(point({ timeMs: 0 }))).toMatch(/^\d{1,6}$/);
});

describe('LineBatch', () => {
  const isMark = (line: string) => line.startsWith('flowmeter_touched,');
  /** Each chunk's event lines and their count, without the touch marks (tested below). */
  const text = (batch: LineBatch, maxLines: number) => batch.chunks(maxLines).map((chunk) => {
    const lines = chunk.body.toString().split(/(?<=\n)/);
    return [chunk.lines - lines.filter(isMark).length, lines.filter((line) => !isMark(line)).join('')];
  });

  test('each chunk carries a touch mark per measurement and UTC day of the batch, with a token of its own', () => {
    const batch = new LineBatch();
    const DAY = 86_400_000;
    ['a', 'b', 'c'].forEach((key, i) => batch.add(point({ key, timeMs: 1_790_000_000_123 + i * DAY, fields: { id: key } })));
    batch.add(point({ measurement: 'commit', key: 'd', tags: { project: 'p' }, fields: { id: 'd' } }));
    const chunks = batch.chunks(2).map((chunk) => chunk.body.toString().split('\n').filter(isMark));
    // Three build days and the commit's day: every measurement is marked (the result cache reads them all).
    expect(chunks.map((marks) => marks.length)).toEqual([4, 4]);
    const day = (mark: string) => Number(mark.split(' ')[2].slice(0, -6)) / DAY;
    expect(chunks[0].map(day)).toEqual([0, 1, 2, 0].map((i) => Math.floor(1_790_000_000_123 / DAY) + i));
    expect(chunks[0][0]).toMatch(/^flowmeter_touched,m=build w="[0-9a-f]+-[0-9a-z]+" \d+$/);
    expect(chunks[0][3]).toMatch(/^flowmeter_touched,m=commit w=/);
    const token = (mark: string) => mark.split(' ')[1];
    expect(new Set(chunks.flat().map(token)).size).toBe(2);
  });

  test('lines in order, each ending in a newline, in chunks of at most maxLines', () => {
    const batch = new LineBatch();
    const points = ['a', 'b', 'c', 'd', 'e'].map((key) => point({ key, fields: { id: key } }));
    points.forEach((p) => batch.add(p));
    const [a, b, c, d, e] = points.map((p) => `${toLineProtocol(p)}\n`);
    expect(batch.lines).toBe(5);
    expect(text(batch, 2)).toEqual([[2, a + b], [2, c + d], [1, e]]);
    expect(text(batch, 10)).toEqual([[5, a + b + c + d + e]]);
  });

  test('a later point with the same measurement and key replaces the earlier one', () => {
    const batch = new LineBatch();
    const first = point({ key: 'x', tags: { project: 'old' }, fields: { id: 'x' } });
    const other = point({ key: 'y', fields: { id: 'y' } });
    const sameKeyOtherKind = point({ measurement: 'test', key: 'x', tags: { project: 'p' }, fields: { id: 'x' } });
    const second = point({ key: 'x', tags: { project: 'new' }, fields: { id: 'x' } });
    [first, other, sameKeyOtherKind, second].forEach((p) => batch.add(p));
    expect(batch.lines).toBe(3);
    const kept = [other, sameKeyOtherKind, second].map((p) => `${toLineProtocol(p)}\n`);
    expect(text(batch, 2)).toEqual([[2, kept[0] + kept[1]], [1, kept[2]]]);
    expect(text(batch, 100)).toEqual([[3, kept.join('')]]);
  });

  test('a reused buffer starts empty and grows past its first size', () => {
    const first = new LineBatch();
    const long = 'x'.repeat(100_000);
    first.add(point({ fields: { id: long } }));
    const reused = new LineBatch(first.out);
    reused.add(point({ key: 'k-2', fields: { id: 'short' } }));
    expect(text(reused, 10)).toEqual([[1, `${toLineProtocol(point({ key: 'k-2', fields: { id: 'short' } }))}\n`]]);
    expect(first.out.bytes.length).toBeGreaterThan(100_000);
  });
});
