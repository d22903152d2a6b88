/** Line protocol escaping and timestamps (pure logic); hostile strings also round-trip end to end in the conformance suite. */
import { decodeTagValue, storedTagValue, timestampNs, toLineProtocol } from '../../src/store/influx/lineProtocol';
import type { Point } from '../../src/store/points';

const point = (over: Partial<Point> = {}): Point => ({
  measurement: 'build', key: 'k-1', timeMs: 1_790_000_000_123,
  tags: { project: 'web', service: 'api' }, fields: { id: 'k-1', duration: 12, n_success: 1 }, ...over,
});

test('tags are sorted, empty tags left out, fields typed', () => {
  const line = toLineProtocol(point({ tags: { service: 'api', project: 'web', workflow: '' } }));
  expect(line).toBe(`build,project=web,service=api id="k-1",duration=12.0,n_success=1i ${timestampNs(point())}`);
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
