import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { Calendar } from './calendar.ts';

export interface CalendarFixture {
  calendar: Calendar;
  /** A calendar whose key the provider rejects. */
  rejectedCalendar: Calendar;
  eventTypeId: number;
  durationMinutes: number;
  /** Make these UTC instants bookable for `eventTypeId`. */
  offer(...startsMs: number[]): void;
}

const day = Date.UTC(2030, 4, 6); // a Monday
const at = (h: number, m = 0) => day + h * 3600_000 + m * 60_000;
const attendee = {
  name: 'Jane Doe',
  email: 'jane@example.com',
  timeZone: 'Europe/Berlin',
  phoneNumber: '+4915112345678',
};

/** The behaviour every Calendar must have; each adapter runs it against its provider double. */
export function runCalendarContract(name: string, setup: () => CalendarFixture) {
  describe(`${name}: Calendar contract`, () => {
    it('lists the free starts inside the window, in order', async () => {
      const f = setup();
      f.offer(at(15), at(9), at(10), at(23, 30) + 86_400_000 * 3);
      const slots = await f.calendar.availableSlots({
        eventTypeId: f.eventTypeId,
        startUtc: new Date(at(0)).toISOString(),
        endUtc: new Date(at(23, 59)).toISOString(),
        timeZone: 'UTC',
        durationMinutes: f.durationMinutes,
      });
      expect(slots.map((s) => s.startMs)).toEqual([at(9), at(10), at(15)]);
      for (const s of slots) expect(Date.parse(s.start)).toBe(s.startMs);
    });

    it('books a free start once; the start is then taken', async () => {
      const f = setup();
      f.offer(at(11));
      const booking = await f.calendar.book({
        eventTypeId: f.eventTypeId,
        startUtc: new Date(at(11)).toISOString(),
        attendee,
        durationMinutes: f.durationMinutes,
      });
      expect(booking.uid).not.toBe('');
      expect(Date.parse(booking.start)).toBe(at(11));
      expect(Date.parse(booking.end)).toBe(at(11) + f.durationMinutes * 60_000);
      const after = await f.calendar.availableSlots({
        eventTypeId: f.eventTypeId,
        startUtc: new Date(at(10)).toISOString(),
        endUtc: new Date(at(12)).toISOString(),
        timeZone: 'UTC',
      });
      expect(after.map((s) => s.startMs)).not.toContain(at(11));
      const again = await f.calendar
        .book({ eventTypeId: f.eventTypeId, startUtc: new Date(at(11)).toISOString(), attendee })
        .catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ProviderError);
      expect(again).toMatchObject({ retryable: false });
    });

    it('reports a rejected key as a non-retryable 401 or 403', async () => {
      const f = setup();
      const err = await f.rejectedCalendar
        .book({ eventTypeId: f.eventTypeId, startUtc: new Date(at(12)).toISOString(), attendee })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
      expect([401, 403]).toContain((err as ProviderError).statusCode);
    });
  });
}
