import { ProviderError } from '../errors.ts';
import type { Booking, BookingRequest, Calendar, Slot, SlotQuery } from './calendar.ts';

/** An in-memory Calendar for engine tests: offer free starts, book them, fail on demand. */
export class FakeCalendar implements Calendar {
  readonly provider = 'fake';
  readonly bookings: BookingRequest[] = [];
  private readonly free = new Set<number>();
  private failures: ProviderError[] = [];

  /** Make these UTC instants (epoch ms) bookable. */
  offer(...startsMs: number[]): void {
    for (const s of startsMs) this.free.add(s);
  }

  failNext(error: ProviderError): void {
    this.failures.push(error);
  }

  async availableSlots(q: SlotQuery, signal?: AbortSignal): Promise<Slot[]> {
    this.check(signal);
    const from = Date.parse(q.startUtc);
    const to = Date.parse(q.endUtc);
    return [...this.free]
      .filter((s) => s >= from && s <= to)
      .sort((a, b) => a - b)
      .map((s) => ({ start: new Date(s).toISOString(), startMs: s }));
  }

  async book(r: BookingRequest, signal?: AbortSignal): Promise<Booking> {
    this.check(signal);
    const start = Date.parse(r.startUtc);
    if (!this.free.has(start))
      throw new ProviderError('fake', 'fake answered HTTP 400: that time is no longer available', {
        statusCode: 400,
      });
    this.free.delete(start);
    this.bookings.push(r);
    const end = start + (r.durationMinutes ?? 30) * 60_000;
    return {
      uid: `fake_booking_${this.bookings.length}`,
      status: 'accepted',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      title: `Meeting with ${r.attendee.name}`,
      location: 'https://meet.example/fake',
    };
  }

  private check(signal: AbortSignal | undefined) {
    if (signal?.aborted) throw new ProviderError('fake', 'request cancelled', { retryable: false });
    const f = this.failures.shift();
    if (f) throw f;
  }
}
