/** The event time: real calendar dates only, and only times both storage engines can hold. */
import { Timestamp, TIME_RANGE_MS } from '../../../contract/events';

const parse = (value: unknown) => Timestamp.safeParse(value);

describe('Timestamp', () => {
  it.each(['2026-02-30T00:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', '2026-01-01T10:00:00+24:00', '2026-00-10T00:00:00Z'])('refuses the impossible date %s', (text) => {
    const result = parse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/real calendar date/);
  });

  it('keeps real dates, leap days and offsets', () => {
    expect(parse('2024-02-29T10:00:00Z').data).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parse('2000-02-29T00:00:00Z').data).toBe(Date.UTC(2000, 1, 29));
    expect(parse('2026-11-24T10:00:00+01:00').data).toBe(Date.UTC(2026, 10, 24, 9));
    expect(parse('2026-12-31 23:59:59.5Z').data).toBe(Date.UTC(2026, 11, 31, 23, 59, 59, 500));
  });

  it.each([['9999-12-31T00:00:00Z'], ['1600-01-01T00:00:00Z'], ['2262-04-12T00:00:00Z'], ['1677-09-21T00:00:00Z'], [9e15], [1e12]])(
    'refuses %s, outside what InfluxDB can store', (value) => {
      const result = parse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/out of the storable range 1677-09-21T00:12:43.147Z \.\. 2262-04-11T23:47:16.853Z/);
    });

  it('keeps the range ends themselves', () => {
    expect(parse(new Date(TIME_RANGE_MS.max).toISOString()).data).toBe(TIME_RANGE_MS.max);
    expect(parse(new Date(TIME_RANGE_MS.min).toISOString()).data).toBe(TIME_RANGE_MS.min);
    expect(parse(TIME_RANGE_MS.max).data).toBe(TIME_RANGE_MS.max);
    // One past the end: the nanosecond offset would overflow InfluxDB's 64-bit time.
    expect(parse(TIME_RANGE_MS.max + 1).success).toBe(false);
  });
});
