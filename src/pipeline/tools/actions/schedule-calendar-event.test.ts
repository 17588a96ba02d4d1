import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../providers/errors.ts';
import type { ToolSpec } from '../tool-runner.ts';
import { fakeActions } from './testing/fake-actions.ts';

const bookTool = (
  calendar_id: string | number = '1234',
  credential_id: string | null = 'crd_cal',
): ToolSpec => ({
  name: 'book_demo',
  type: 'schedule_calendar_event',
  description: null,
  credential_id,
  calendar_config: { calendar_id, duration_minutes: 30, timezone: 'America/New_York' },
});
// Thursday 2026-03-05 in New York (EST, UTC-5).
const thu = (h: number, m = 0) => Date.UTC(2026, 2, 5, h + 5, m);
const caller = { name: 'Jane Doe', email: 'jane@example.com' };

describe('schedule_calendar_event', () => {
  it('tells the model the zone, the format and today’s date', () => {
    const [def] = fakeActions([bookTool()]).tools.definitions();
    expect(def!.description).toBe(
      'Book a 30-minute appointment for the caller. If the time is taken it returns free alternatives to offer.',
    );
    expect(def!.parameters).toMatchObject({
      type: 'object',
      required: ['start', 'name', 'email'],
      properties: {
        start: {
          type: 'string',
          description:
            'Requested start as local date and time in America/New_York, ISO 8601 without offset, e.g. 2026-03-03T15:00. Now it is Monday, March 2, 2026 at 9:00 AM EST.',
        },
      },
    });
  });

  it('books a free slot with the caller’s name, email and number, and confirms it', async () => {
    const a = fakeActions([bookTool()]);
    a.calendar.offer(thu(14, 30), thu(15), thu(16));
    const out = await a.call('book_demo', { start: '2026-03-05T15:00', ...caller });
    expect(out.result).toEqual({
      status: 'booked',
      booking_id: 'fake_booking_1',
      title: 'Meeting with Jane Doe',
      start: '2026-03-05T15:00:00-05:00',
      end: '2026-03-05T15:30:00-05:00',
      spoken: 'Thursday, March 5, 2026 at 3:00 PM EST',
      duration_minutes: 30,
      location: 'https://meet.example/fake',
      attendee: caller,
      note: 'Confirmed. An invitation goes to jane@example.com.',
    });
    expect(a.calendar.bookings).toEqual([
      {
        eventTypeId: 1234,
        startUtc: '2026-03-05T20:00:00.000Z',
        attendee: { ...caller, timeZone: 'America/New_York', phoneNumber: '+14155550123' },
        durationMinutes: 30,
        metadata: { parley_call_id: 'call_1' },
      },
    ]);
    expect(a.resolved).toEqual(['calendar:org_a:crd_cal']);
  });

  it('offers the nearest free times when the requested one is taken, then books the chosen one', async () => {
    const a = fakeActions([bookTool(1234)]);
    a.calendar.offer(thu(9), thu(13), thu(16), thu(17), Date.UTC(2026, 2, 6, 15));
    const out = await a.call('book_demo', { start: '2026-03-05T15:00', ...caller });
    expect(out.result).toEqual({
      status: 'unavailable',
      requested: 'Thursday, March 5, 2026 at 3:00 PM EST',
      alternatives: [
        { start: '2026-03-05T13:00', spoken: 'Thursday, March 5, 2026 at 1:00 PM EST' },
        { start: '2026-03-05T16:00', spoken: 'Thursday, March 5, 2026 at 4:00 PM EST' },
        { start: '2026-03-05T17:00', spoken: 'Thursday, March 5, 2026 at 5:00 PM EST' },
      ],
      instructions:
        'That time is not available. Offer the caller these times; when they choose one, call this tool again with its start.',
    });
    expect(a.calendar.bookings).toEqual([]);
    const chosen = await a.call('book_demo', { start: '2026-03-05T16:00', ...caller, phone: '+14155550999' });
    expect(chosen.result).toMatchObject({
      status: 'booked',
      spoken: 'Thursday, March 5, 2026 at 4:00 PM EST',
    });
    expect(a.calendar.bookings[0]!.attendee.phoneNumber).toBe('+14155550999');
  });

  it('asks for another week when nothing is free', async () => {
    const out = await fakeActions([bookTool()]).call('book_demo', { start: '2026-03-05T15:00', ...caller });
    expect(out.result).toMatchObject({ status: 'unavailable', alternatives: [] });
    expect((out.result as { instructions: string }).instructions).toContain(
      'ask the caller for another week',
    );
  });

  it('accepts a start with an explicit offset', async () => {
    const a = fakeActions([bookTool()]);
    a.calendar.offer(thu(15));
    const out = await a.call('book_demo', { start: '2026-03-05T20:00:00Z', ...caller });
    expect(out.result).toMatchObject({ status: 'booked' });
  });

  it.each([
    [
      { start: 'next Thursday 3pm', ...caller },
      'start next Thursday 3pm is not a date and time like 2026-03-05T15:00',
    ],
    [
      { start: '2026-03-01T10:00', ...caller },
      'Sunday, March 1, 2026 at 10:00 AM EST has already passed; it is now Monday, March 2, 2026 at 9:00 AM EST',
    ],
    [
      { start: '2026-03-05T15:00', name: 'Jane', email: 'jane@' },
      'email must be a valid email address; ask the caller to spell it',
    ],
    [{ start: '2026-03-05T15:00', name: 'Jane' }, 'missing required argument email'],
    [{ start: '2026-03-05T15:00', ...caller, phone: '555 0199' }, 'phone must be E.164, e.g. +14155550123'],
    [{ start: '2026-03-05T15:00', email: 'jane@example.com' }, 'missing required argument name'],
    [{ start: '2026-03-05T15:00', email: 'jane@example.com', name: ' ' }, 'name is required'],
  ])('refuses %j', async (args, error) => {
    const a = fakeActions([bookTool()]);
    const out = await a.call('book_demo', args);
    expect((out.result as { error: string }).error).toContain(error);
    expect(a.resolved).toEqual([]);
  });

  it('refuses a calendar_id that is not an event type id, and a tool without an integration', async () => {
    expect(
      (
        await fakeActions([bookTool('sales-team')]).call('book_demo', {
          start: '2026-03-05T15:00',
          ...caller,
        })
      ).result,
    ).toEqual({
      error: 'calendar_id sales-team is not a Cal.com event type id (a number)',
    });
    expect(
      (await fakeActions([bookTool(1, null)]).call('book_demo', { start: '2026-03-05T15:00', ...caller }))
        .result,
    ).toEqual({
      error: 'this schedule_calendar_event tool has no credential_id (a Cal.com integration)',
    });
  });

  it('reports a rejected key on the lookup', async () => {
    const a = fakeActions([bookTool()]);
    a.calendar.failNext(
      new ProviderError('calcom', 'calcom answered HTTP 401: Invalid API Key', { statusCode: 401 }),
    );
    const out = await a.call('book_demo', { start: '2026-03-05T15:00', ...caller });
    expect((out.result as { error: string }).error).toBe(
      'checking the calendar failed: calcom rejected the credentials (calcom answered HTTP 401: Invalid API Key). The workspace must fix its calcom integration; tell the caller it could not be done now',
    );
  });

  it('reports a slot taken between lookup and booking', async () => {
    const a = fakeActions([bookTool()]);
    a.calendar.offer(thu(15));
    const lookup = a.calendar.availableSlots.bind(a.calendar);
    a.calendar.availableSlots = async (q, s) => {
      const found = await lookup(q, s);
      await a.calendar.book({
        eventTypeId: 1234,
        startUtc: new Date(thu(15)).toISOString(),
        attendee: { ...caller, timeZone: 'UTC' },
      });
      return found;
    };
    const out = await a.call('book_demo', { start: '2026-03-05T15:00', ...caller });
    expect((out.result as { error: string }).error).toBe(
      'booking the appointment failed: fake refused it (fake answered HTTP 400: that time is no longer available)',
    );
  });

  it('is cancelled by an interruption during the lookup', async () => {
    const a = fakeActions([bookTool()]);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(
      a.call('book_demo', { start: '2026-03-05T15:00', ...caller }, ctrl.signal),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('books at most twice per call', async () => {
    const a = fakeActions([bookTool()]);
    a.calendar.offer(thu(10), thu(11), thu(12));
    await a.call('book_demo', { start: '2026-03-05T10:00', ...caller });
    await a.call('book_demo', { start: '2026-03-05T11:00', ...caller });
    const out = await a.call('book_demo', { start: '2026-03-05T12:00', ...caller });
    expect((out.result as { error: string }).error).toMatch(
      /^limit reached: this call may attempt at most 2 bookings/,
    );
    expect(a.calendar.bookings).toHaveLength(2);
  });
});
