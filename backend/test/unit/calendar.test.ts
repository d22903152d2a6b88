import { addDays, daysBetween, localDate, localDateTime, parseLocalDate, startOfDay } from '../../src/time/calendar';

describe('calendar: days in a zone', () => {
  it('finds local midnight in UTC and in a zone east of it', () => {
    expect(parseLocalDate('2026-01-15', 'UTC')).toBe(Date.UTC(2026, 0, 15));
    expect(parseLocalDate('2026-01-15', 'Asia/Shanghai')).toBe(Date.UTC(2026, 0, 14, 16));
  });

  it('gives the 23-hour and 25-hour days of Europe/Berlin their real lengths', () => {
    const days = daysBetween(parseLocalDate('2026-03-28', 'Europe/Berlin')!, parseLocalDate('2026-03-30', 'Europe/Berlin')!, 'Europe/Berlin');
    expect(days.map((d) => d.date)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(days.map((d) => (d.toMs - d.fromMs) / 3_600_000)).toEqual([24, 23, 24]);
    const autumn = daysBetween(parseLocalDate('2026-10-25', 'Europe/Berlin')!, parseLocalDate('2026-10-25', 'Europe/Berlin')!, 'Europe/Berlin');
    expect((autumn[0].toMs - autumn[0].fromMs) / 3_600_000).toBe(25);
  });

  it('puts an instant on the local date, not the UTC one', () => {
    const lateUtc = Date.UTC(2026, 5, 1, 23, 30); // 01:30 on 2 June in Berlin (UTC+2)
    expect(localDate(lateUtc, 'UTC')).toBe('2026-06-01');
    expect(localDate(lateUtc, 'Europe/Berlin')).toBe('2026-06-02');
    expect(localDateTime(lateUtc, 'Europe/Berlin')).toBe('2026-06-02 01:30:00');
    expect(startOfDay(lateUtc, 'Europe/Berlin')).toBe(Date.UTC(2026, 5, 1, 22));
  });

  it('steps across a daylight-saving change by calendar days', () => {
    const start = parseLocalDate('2026-10-24', 'America/New_York')!;
    expect(addDays(start, 2, 'America/New_York')).toBe(parseLocalDate('2026-10-26', 'America/New_York'));
    expect(addDays(parseLocalDate('2026-11-01', 'America/New_York')!, 1, 'America/New_York') - parseLocalDate('2026-11-01', 'America/New_York')!).toBe(25 * 3_600_000);
  });

  it('labels instants as Intl does, every 7 minutes 13 seconds across offset changes (Lord Howe: 30 minutes at 15:30 UTC)', () => {
    const intl = (ms: number, tz: string) => new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(new Date(ms));
    const changes: Array<[string, number]> = [
      ['Europe/Berlin', Date.UTC(2026, 2, 29, 1)], ['Europe/Berlin', Date.UTC(2026, 9, 25, 1)],
      ['America/New_York', Date.UTC(2026, 10, 1, 6)], ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 30)],
      ['Asia/Kolkata', Date.UTC(2026, 0, 1)], ['UTC', Date.UTC(2026, 0, 1)],
    ];
    for (const [tz, at] of changes) {
      for (let ms = at - 6 * 3_600_000; ms < at + 6 * 3_600_000; ms += 433_000) expect([tz, localDateTime(ms, tz)]).toEqual([tz, intl(ms, tz)]);
    }
  });

  it('rejects dates that do not exist', () => {
    expect(parseLocalDate('2026-02-30', 'UTC')).toBeUndefined();
    expect(parseLocalDate('26-02-01', 'UTC')).toBeUndefined();
  });
});
