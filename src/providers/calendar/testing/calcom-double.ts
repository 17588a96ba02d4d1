import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isEmail, isTimeZone } from '../../../lib/formats.ts';
import { dateInZone, isoInZone } from '../../../lib/zoned-time.ts';
import { type HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { VendorDouble } from '../../testing/vendor-double.ts';

/** An event type on the double's account: its default length and any other lengths it offers. */
export interface CalcomEventType {
  id: number;
  slug: string;
  title: string;
  lengthInMinutes: number;
  lengthInMinutesOptions?: number[];
}

/** A booking the double made, with the request body it got. */
export interface CalcomBooking {
  uid: string;
  eventTypeId: number;
  startMs: number;
  endMs: number;
  body: Record<string, unknown>;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const error = (res: ServerResponse, status: number, code: string, message: string) =>
  sendJson(res, status, {
    status: 'error',
    timestamp: new Date().toISOString(),
    path: '',
    error: { code, message, details: { message, error: code, statusCode: status } },
  });
/** Cal.com writes slot starts with milliseconds and the zone offset: `2050-09-05T09:00:00.000+02:00`. */
const calIso = (ms: number, tz: string) => isoInZone(ms, tz).replace(/([+-]\d{2}:\d{2})$/, '.000$1');

/**
 * Cal.com API v2 on loopback: `GET /v2/slots` (cal-api-version 2024-09-04: eventTypeId, start, end,
 * timeZone, duration → `{status, data: {date: [{start}]}}`) and `POST /v2/bookings` (cal-api-version
 * 2024-08-13: start, eventTypeId, attendee{name, email, timeZone, phoneNumber?}, lengthInMinutes?).
 * A wrong Bearer key is 401; a start that is not free is 400, as Cal.com answers.
 */
export class CalcomDouble extends VendorDouble {
  readonly apiKey = `cal_live_${randomBytes(16).toString('hex')}`;
  readonly eventTypes = new Map<number, CalcomEventType>();
  readonly bookings: CalcomBooking[] = [];
  private readonly free = new Map<number, Set<number>>();

  private constructor(http: HttpDouble, types: CalcomEventType[]) {
    super(http);
    for (const t of types) this.eventTypes.set(t.id, t);
  }

  static start(opts: { eventTypes?: CalcomEventType[] } = {}): Promise<CalcomDouble> {
    const types = opts.eventTypes ?? [
      { id: 1234567, slug: '30min', title: 'Intro call', lengthInMinutes: 30 },
    ];
    return VendorDouble.listen((http) => new CalcomDouble(http, types));
  }

  /** Make these UTC instants bookable for the event type. */
  offer(eventTypeId: number, ...startsMs: number[]): void {
    const set = this.free.get(eventTypeId) ?? new Set<number>();
    for (const s of startsMs) set.add(s);
    this.free.set(eventTypeId, set);
  }

  protected handle(req: RecordedRequest, res: ServerResponse) {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth !== `Bearer ${this.apiKey}`)
      return error(res, 401, 'UnauthorizedException', 'ApiAuthStrategy - api key - Invalid API Key');
    const version = req.headers['cal-api-version'];
    if (req.method === 'GET' && req.path === '/v2/slots') {
      if (version !== '2024-09-04')
        return error(res, 400, 'BadRequestException', 'startTime must be a valid ISO 8601 date string');
      return this.slots(req.query, res);
    }
    if (req.method === 'POST' && req.path === '/v2/bookings') {
      if (version !== '2024-08-13')
        return error(res, 400, 'BadRequestException', 'property attendee should not exist');
      return this.book((jsonBody(req) ?? {}) as Record<string, unknown>, res);
    }
    return error(res, 404, 'NotFoundException', `Cannot ${req.method} ${req.path}`);
  }

  private lengths(t: CalcomEventType) {
    return t.lengthInMinutesOptions?.length ? t.lengthInMinutesOptions : [t.lengthInMinutes];
  }

  private slots(q: URLSearchParams, res: ServerResponse) {
    const type = this.eventTypes.get(Number(q.get('eventTypeId')));
    if (!type)
      return error(res, 404, 'NotFoundException', `Event type with id=${q.get('eventTypeId')} not found`);
    const start = Date.parse(q.get('start') ?? '');
    const end = Date.parse(q.get('end') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end))
      return error(res, 400, 'BadRequestException', 'start and end must be UTC ISO 8601 date strings');
    const tz = q.get('timeZone') ?? 'UTC';
    if (!isTimeZone(tz)) return error(res, 400, 'BadRequestException', `Invalid time zone ${tz}`);
    const duration = q.get('duration');
    if (duration && !this.lengths(type).includes(Number(duration)))
      return error(
        res,
        400,
        'BadRequestException',
        `Requested duration ${duration} is not one of the event type's lengths`,
      );
    const data: Record<string, { start: string }[]> = {};
    const starts = [...(this.free.get(type.id) ?? [])]
      .filter((s) => s >= start && s <= end)
      .sort((a, b) => a - b);
    for (const s of starts) {
      const date = dateInZone(s, tz);
      data[date] = [...(data[date] ?? []), { start: calIso(s, tz) }];
    }
    sendJson(res, 200, { status: 'success', data });
  }

  private book(b: Record<string, unknown>, res: ServerResponse) {
    const type = this.eventTypes.get(Number(b.eventTypeId));
    if (!type)
      return error(res, 404, 'NotFoundException', `Event type with id=${String(b.eventTypeId)} not found`);
    const start = typeof b.start === 'string' && b.start.endsWith('Z') ? Date.parse(b.start) : Number.NaN;
    if (Number.isNaN(start))
      return error(res, 400, 'BadRequestException', 'start must be an ISO 8601 date in UTC');
    const a = (b.attendee ?? {}) as Record<string, unknown>;
    if (typeof a.name !== 'string' || !a.name)
      return error(res, 400, 'BadRequestException', 'attendee.name must be a string');
    if (typeof a.email !== 'string' || !isEmail(a.email))
      return error(res, 400, 'BadRequestException', 'attendee.email must be an email');
    if (typeof a.timeZone !== 'string' || !isTimeZone(a.timeZone))
      return error(res, 400, 'BadRequestException', 'attendee.timeZone must be a valid IANA time zone');
    if (a.phoneNumber !== undefined && (typeof a.phoneNumber !== 'string' || !e164.test(a.phoneNumber)))
      return error(res, 400, 'BadRequestException', 'attendee.phoneNumber must be a valid phone number');
    const length = b.lengthInMinutes === undefined ? type.lengthInMinutes : Number(b.lengthInMinutes);
    if (!this.lengths(type).includes(length))
      return error(res, 400, 'BadRequestException', `Invalid event length ${length}`);
    const free = this.free.get(type.id);
    if (!free?.has(start))
      return error(
        res,
        400,
        'BadRequestException',
        'User either already has booking at this time or is not available',
      );
    free.delete(start);
    const booking: CalcomBooking = {
      uid: randomBytes(11).toString('base64url'),
      eventTypeId: type.id,
      startMs: start,
      endMs: start + length * 60_000,
      body: b,
    };
    this.bookings.push(booking);
    const now = new Date().toISOString();
    sendJson(res, 201, {
      status: 'success',
      data: {
        id: this.bookings.length,
        uid: booking.uid,
        title: `${type.title} between Host and ${a.name}`,
        description: '',
        hosts: [
          { id: 1, name: 'Host', email: 'host@acme.test', username: 'host', timeZone: 'America/New_York' },
        ],
        status: 'accepted',
        start: new Date(start).toISOString(),
        end: new Date(booking.endMs).toISOString(),
        duration: length,
        eventTypeId: type.id,
        eventType: { id: type.id, slug: type.slug },
        meetingUrl: `https://app.cal.com/video/${booking.uid}`,
        location: `https://app.cal.com/video/${booking.uid}`,
        absentHost: false,
        createdAt: now,
        updatedAt: now,
        metadata: b.metadata ?? {},
        attendees: [
          {
            name: a.name,
            email: a.email,
            timeZone: a.timeZone,
            phoneNumber: a.phoneNumber,
            language: 'en',
            absent: false,
          },
        ],
        guests: [],
        bookingFieldsResponses: { name: a.name, email: a.email },
      },
    });
  }
}
