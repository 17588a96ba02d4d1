import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { joinUrl } from '../vendor-http.ts';
import { bearerJson, vendorRest } from '../vendor-rest.ts';
import type { Booking, BookingRequest, Calendar, Slot, SlotQuery } from './calendar.ts';

/** `cal-api-version` of `GET /v2/slots` (the version whose query is start/end/timeZone). */
export const calcomSlotsVersion = '2024-09-04';
/** `cal-api-version` of `POST /v2/bookings`; 2024-08-13 is the body shape current Cal.com and self-hosted installs share. */
export const calcomBookingsVersion = '2024-08-13';

const Slots = z.object({
  data: z.record(z.string(), z.array(z.object({ start: z.string() }).loose())),
});
const BookingOut = z
  .object({
    uid: z.string(),
    status: z.string(),
    start: z.string(),
    end: z.string(),
    title: z.string().nullish(),
    location: z.string().nullish(),
    meetingUrl: z.string().nullish(),
  })
  .loose();
const Booked = z.object({ data: z.union([BookingOut, z.array(BookingOut).min(1)]) });

/**
 * Cal.com API v2: `GET /v2/slots` for an event type's free start times and `POST /v2/bookings`,
 * with a Bearer `cal_…` key and the `cal-api-version` each endpoint documents. `baseUrl` is the
 * host part (`https://api.cal.com`); a trailing `/v2` is tolerated.
 */
export class CalcomCalendar implements Calendar {
  readonly provider = 'calcom';
  private readonly base: string;
  constructor(private readonly opts: { apiKey: string; baseUrl: string; clock: Clock; timeoutMs?: number }) {
    this.base = opts.baseUrl.replace(/\/+$/, '').replace(/\/v2$/, '');
  }

  async availableSlots(q: SlotQuery, signal?: AbortSignal): Promise<Slot[]> {
    const query = new URLSearchParams({
      eventTypeId: String(q.eventTypeId),
      start: q.startUtc,
      end: q.endUtc,
      timeZone: q.timeZone,
    });
    if (q.durationMinutes) query.set('duration', String(q.durationMinutes));
    const res = await vendorRest({
      ...this.request('GET', `/v2/slots?${query}`, calcomSlotsVersion),
      signal,
    });
    const slots = Object.values(Slots.parse(res.body).data)
      .flat()
      .map((s) => ({ start: s.start, startMs: Date.parse(s.start) }))
      .filter((s) => !Number.isNaN(s.startMs));
    return slots.sort((a, b) => a.startMs - b.startMs);
  }

  async book(r: BookingRequest, signal?: AbortSignal): Promise<Booking> {
    const attendee: Record<string, string> = {
      name: r.attendee.name,
      email: r.attendee.email,
      timeZone: r.attendee.timeZone,
    };
    if (r.attendee.phoneNumber) attendee.phoneNumber = r.attendee.phoneNumber;
    const body: Record<string, unknown> = { start: r.startUtc, eventTypeId: r.eventTypeId, attendee };
    if (r.durationMinutes) body.lengthInMinutes = r.durationMinutes;
    if (r.metadata) body.metadata = r.metadata;
    const res = await vendorRest({
      ...this.request('POST', '/v2/bookings', calcomBookingsVersion),
      body: JSON.stringify(body),
      signal,
    });
    const data = Booked.parse(res.body).data;
    const b = Array.isArray(data) ? data[0]! : data;
    return {
      uid: b.uid,
      status: b.status,
      start: b.start,
      end: b.end,
      title: b.title ?? null,
      location: b.location ?? b.meetingUrl ?? null,
    };
  }

  private request(method: 'GET' | 'POST', path: string, version: string) {
    const headers = { ...bearerJson(this.opts.apiKey), 'cal-api-version': version };
    if (method === 'GET') delete (headers as Record<string, string>)['content-type'];
    return {
      provider: 'calcom',
      method,
      url: joinUrl(this.base, path),
      headers,
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 10_000,
    } as const;
  }
}
