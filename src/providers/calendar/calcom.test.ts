import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { jsonBody } from '../testing/http-double.ts';
import { CalcomCalendar } from './calcom.ts';
import { runCalendarContract } from './calendar.contract.ts';
import { FakeCalendar } from './fake-calendar.ts';
import { CalcomDouble } from './testing/calcom-double.ts';

let cal: CalcomDouble;
const eventTypeId = 42;
beforeAll(async () => {
  cal = await CalcomDouble.start({
    eventTypes: [
      {
        id: eventTypeId,
        slug: 'consult',
        title: 'Consultation',
        lengthInMinutes: 30,
        lengthInMinutesOptions: [30, 60],
      },
    ],
  });
});
afterAll(async () => {
  await cal.close();
});

const calendar = (opts: { key?: string; clock?: ManualClock; baseUrl?: string } = {}) =>
  new CalcomCalendar({
    apiKey: opts.key ?? cal.apiKey,
    baseUrl: opts.baseUrl ?? cal.url,
    clock: opts.clock ?? systemClock,
    timeoutMs: 5000,
  });

runCalendarContract('calcom', () => ({
  calendar: calendar(),
  rejectedCalendar: calendar({ key: 'cal_live_wrong' }),
  eventTypeId,
  durationMinutes: 30,
  offer: (...s) => cal.offer(eventTypeId, ...s),
}));

runCalendarContract('fake', () => {
  const fake = new FakeCalendar();
  const rejected = new FakeCalendar();
  rejected.failNext(new ProviderError('fake', 'fake answered HTTP 401: bad key', { statusCode: 401 }));
  return {
    calendar: fake,
    rejectedCalendar: rejected,
    eventTypeId: 1,
    durationMinutes: 30,
    offer: (...s) => fake.offer(...s),
  };
});

const t = Date.UTC(2031, 0, 7, 14); // 09:00 in New York

describe('CalcomCalendar on the wire', () => {
  it('GETs /v2/slots with eventTypeId, start, end, timeZone, duration and cal-api-version 2024-09-04', async () => {
    cal.offer(eventTypeId, t, t + 3600_000);
    const slots = await calendar({ baseUrl: `${cal.url}/v2/` }).availableSlots({
      eventTypeId,
      startUtc: '2031-01-07T05:00:00.000Z',
      endUtc: '2031-01-08T04:59:59.000Z',
      timeZone: 'America/New_York',
      durationMinutes: 60,
    });
    expect(slots).toEqual([
      { start: '2031-01-07T09:00:00.000-05:00', startMs: t },
      { start: '2031-01-07T10:00:00.000-05:00', startMs: t + 3600_000 },
    ]);
    const req = cal.http.lastRequest!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/v2/slots');
    expect(req.headers.authorization).toBe(`Bearer ${cal.apiKey}`);
    expect(req.headers['cal-api-version']).toBe('2024-09-04');
    expect(Object.fromEntries(req.query)).toEqual({
      eventTypeId: '42',
      start: '2031-01-07T05:00:00.000Z',
      end: '2031-01-08T04:59:59.000Z',
      timeZone: 'America/New_York',
      duration: '60',
    });
  });

  it('POSTs /v2/bookings with start, eventTypeId, attendee, lengthInMinutes, metadata and cal-api-version 2024-08-13', async () => {
    const start = t + 2 * 3600_000;
    cal.offer(eventTypeId, start);
    const booking = await calendar().book({
      eventTypeId,
      startUtc: new Date(start).toISOString(),
      attendee: {
        name: 'Jane Doe',
        email: 'jane@example.com',
        timeZone: 'America/New_York',
        phoneNumber: '+14155550123',
      },
      durationMinutes: 60,
      metadata: { parley_call_id: 'call_1' },
    });
    const made = cal.bookings.at(-1)!;
    expect(booking).toEqual({
      uid: made.uid,
      status: 'accepted',
      start: new Date(start).toISOString(),
      end: new Date(start + 3600_000).toISOString(),
      title: 'Consultation between Host and Jane Doe',
      location: `https://app.cal.com/video/${made.uid}`,
    });
    const req = cal.http.lastRequest!;
    expect(req.path).toBe('/v2/bookings');
    expect(req.headers['cal-api-version']).toBe('2024-08-13');
    expect(req.headers['content-type']).toBe('application/json');
    expect(jsonBody(req)).toEqual({
      start: new Date(start).toISOString(),
      eventTypeId,
      attendee: {
        name: 'Jane Doe',
        email: 'jane@example.com',
        timeZone: 'America/New_York',
        phoneNumber: '+14155550123',
      },
      lengthInMinutes: 60,
      metadata: { parley_call_id: 'call_1' },
    });
  });

  it('reports a taken slot with Cal.com’s message (400, not retryable)', async () => {
    const err = await calendar()
      .book({
        eventTypeId,
        startUtc: new Date(t + 9 * 3600_000).toISOString(),
        attendee: { name: 'Jane', email: 'jane@example.com', timeZone: 'UTC' },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, retryable: false });
    expect((err as Error).message).toBe(
      'calcom answered HTTP 400: User either already has booking at this time or is not available',
    );
  });

  it('reports a wrong key as 401', async () => {
    const err = await calendar({ key: 'cal_bad' })
      .availableSlots({
        eventTypeId,
        startUtc: '2031-01-07T00:00:00Z',
        endUtc: '2031-01-08T00:00:00Z',
        timeZone: 'UTC',
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 401,
      retryable: false,
      message: expect.stringContaining('Invalid API Key'),
    });
  });

  it('reports an unknown event type as 404', async () => {
    const err = await calendar()
      .availableSlots({
        eventTypeId: 999,
        startUtc: '2031-01-07T00:00:00Z',
        endUtc: '2031-01-08T00:00:00Z',
        timeZone: 'UTC',
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 404, message: expect.stringContaining('id=999 not found') });
  });

  it('reports a 422 as non-retryable', async () => {
    cal.http.failNext(422, {
      status: 'error',
      error: { code: 'UnprocessableEntityException', message: 'attendee.email invalid' },
    });
    const err = await calendar()
      .book({
        eventTypeId,
        startUtc: new Date(t).toISOString(),
        attendee: { name: 'J', email: 'j@example.com', timeZone: 'UTC' },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 422,
      retryable: false,
      message: 'calcom answered HTTP 422: attendee.email invalid',
    });
  });

  it('reports 5xx as retryable', async () => {
    cal.http.failNext(500, {
      status: 'error',
      error: { code: 'InternalServerErrorException', message: 'Internal server error' },
    });
    const err = await calendar()
      .availableSlots({
        eventTypeId,
        startUtc: '2031-01-07T00:00:00Z',
        endUtc: '2031-01-08T00:00:00Z',
        timeZone: 'UTC',
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 500, retryable: true });
  });

  it('times out on the injected clock', async () => {
    const clock = new ManualClock();
    const err = await cal.timeoutOf(clock, 5000, () =>
      calendar({ clock }).availableSlots({
        eventTypeId,
        startUtc: '2031-01-07T00:00:00Z',
        endUtc: '2031-01-08T00:00:00Z',
        timeZone: 'UTC',
      }),
    );
    expect(err).toMatchObject({ retryable: true, message: 'calcom did not answer within 5000 ms' });
  });
});
