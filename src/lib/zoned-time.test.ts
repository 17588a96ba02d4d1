import { describe, expect, it } from 'vitest';
import {
  dateInZone,
  isoInZone,
  parseInstant,
  spokenInZone,
  zonedToInstant,
  zoneOffsetMs,
} from './zoned-time.ts';

const ny = 'America/New_York';

describe('zoned time', () => {
  it('knows the offset on both sides of a DST change', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), ny)).toBe(-5 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), ny)).toBe(-4 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'Asia/Kolkata')).toBe(5.5 * 3600_000);
  });

  it('turns wall-clock times into instants, also across DST', () => {
    expect(zonedToInstant({ year: 2026, month: 3, day: 5, hour: 15, minute: 0 }, ny)).toBe(
      Date.UTC(2026, 2, 5, 20),
    );
    expect(zonedToInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 }, ny)).toBe(
      Date.UTC(2026, 6, 1, 13, 30),
    );
    // 02:30 does not exist on 2026-03-08 in New York; it lands just after the jump.
    expect(zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, ny)).toBe(
      Date.UTC(2026, 2, 8, 7, 30),
    );
  });

  it('formats instants with the zone offset, the local date and a spoken form', () => {
    const t = Date.UTC(2026, 2, 5, 20);
    expect(isoInZone(t, ny)).toBe('2026-03-05T15:00:00-05:00');
    expect(isoInZone(t, 'Asia/Kolkata')).toBe('2026-03-06T01:30:00+05:30');
    expect(isoInZone(t, 'UTC')).toBe('2026-03-05T20:00:00+00:00');
    expect(dateInZone(t, 'Asia/Kolkata')).toBe('2026-03-06');
    expect(spokenInZone(t, ny)).toBe('Thursday, March 5, 2026 at 3:00 PM EST');
  });

  it.each([
    ['2026-03-05T15:00', Date.UTC(2026, 2, 5, 20)],
    ['2026-03-05 15:00:00', Date.UTC(2026, 2, 5, 20)],
    ['2026-03-05T15:00:00.000', Date.UTC(2026, 2, 5, 20)],
    ['2026-03-05T20:00:00Z', Date.UTC(2026, 2, 5, 20)],
    ['2026-03-05T21:00:00+01:00', Date.UTC(2026, 2, 5, 20)],
    ['2026-03-05T21:00:00+0100', Date.UTC(2026, 2, 5, 20)],
  ])('parses %s', (text, ms) => {
    expect(parseInstant(text, ny)).toBe(ms);
  });

  it.each(['tomorrow at 3', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-05T25:00', ''])(
    'refuses %j',
    (text) => {
      expect(parseInstant(text, ny)).toBeUndefined();
    },
  );
});
