import { z } from 'zod';
import { isE164, isEmail, isTimeZone } from '../../../lib/formats.ts';
import {
  dateInZone,
  isoInZone,
  parseInstant,
  spokenInZone,
  zonedToInstant,
} from '../../../lib/zoned-time.ts';
import type { Booking, Calendar, Slot } from '../../../providers/calendar/calendar.ts';
import type { ToolOutcome, ToolSpec, ToolTypeExecutor } from '../tool-runner.ts';
import type { ActionBudget } from './action-budget.ts';
import type { ActionCallContext, ActionDeps } from './action-context.ts';
import { abortError, describeFailure } from './action-failure.ts';

/** Days searched from the requested day for alternatives when the requested time is taken. */
const searchDays = 7;
const maxAlternatives = 3;
const day = 86_400_000;

const Args = z.object({
  start: z.string().trim().min(1, 'start is required'),
  name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
  email: z.string().trim().refine(isEmail, 'email must be a valid email address; ask the caller to spell it'),
  phone: z.string().trim().refine(isE164, 'phone must be E.164, e.g. +14155550123').optional(),
});

const fail = (error: string): ToolOutcome => ({ result: { error } });

/**
 * schedule_calendar_event: look up the Cal.com event type's free starts around the time the caller
 * asks for; book it when free (name, email, phone), otherwise answer with the nearest free times
 * for the agent to offer. Times are read and spoken in `calendar_config.timezone`.
 */
export class ScheduleCalendarEventExecutor implements ToolTypeExecutor {
  constructor(
    private readonly deps: ActionDeps,
    private readonly ctx: ActionCallContext,
    private readonly budget: ActionBudget,
  ) {}

  defaultDescription(spec: ToolSpec): string {
    const minutes = spec.calendar_config?.duration_minutes;
    return `Book a ${minutes ?? ''}${minutes ? '-minute ' : ''}appointment for the caller. If the time is taken it returns free alternatives to offer.`;
  }

  parameters(spec: ToolSpec): Record<string, unknown> {
    const tz = this.zone(spec);
    const now = this.deps.clock.now();
    return {
      type: 'object',
      properties: {
        start: {
          type: 'string',
          description: `Requested start as local date and time in ${tz}, ISO 8601 without offset, e.g. ${dateInZone(now + day, tz)}T15:00. Now it is ${spokenInZone(now, tz)}.`,
        },
        name: { type: 'string', description: "The caller's full name" },
        email: {
          type: 'string',
          description:
            "The caller's email address for the invitation; ask them to spell it and repeat it back",
        },
        phone: {
          type: 'string',
          description: "Optional phone number in E.164 (+14155550123); defaults to the caller's number",
        },
      },
      required: ['start', 'name', 'email'],
    };
  }

  async run(spec: ToolSpec, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const cfg = spec.calendar_config;
    if (!cfg) return fail('this schedule_calendar_event tool has no calendar_config');
    if (!spec.credential_id)
      return fail('this schedule_calendar_event tool has no credential_id (a Cal.com integration)');
    const eventTypeId = Number(cfg.calendar_id);
    if (!Number.isInteger(eventTypeId) || eventTypeId <= 0)
      return fail(`calendar_id ${String(cfg.calendar_id)} is not a Cal.com event type id (a number)`);
    const tz = this.zone(spec);
    const parsed = Args.safeParse(args);
    if (!parsed.success)
      return fail(
        parsed.error.issues
          .map((i) => {
            const field = String(i.path[0] ?? '');
            return args[field] === undefined ? `missing required argument ${field}` : i.message;
          })
          .join('; '),
      );
    const a = parsed.data;
    const requested = parseInstant(a.start, tz);
    if (requested === undefined) return fail(`start ${a.start} is not a date and time like 2026-03-05T15:00`);
    const now = this.deps.clock.now();
    if (requested <= now)
      return fail(`${spokenInZone(requested, tz)} has already passed; it is now ${spokenInZone(now, tz)}`);
    let calendar: Calendar;
    try {
      calendar = await this.deps.providers.calendar(this.ctx.orgId, spec.credential_id);
    } catch (e) {
      return fail(describeFailure('checking the calendar', e));
    }
    const limited = this.budget.take('calendarLookup');
    if (limited) return fail(limited);
    let slots: Slot[];
    try {
      slots = await calendar.availableSlots(
        this.window(requested, now, tz, eventTypeId, cfg.duration_minutes),
        signal,
      );
    } catch (e) {
      if (signal.aborted) throw abortError();
      return fail(describeFailure('checking the calendar', e));
    }
    if (!slots.some((s) => s.startMs === requested))
      return { result: this.unavailable(requested, slots, tz) };
    const booked = this.budget.take('booking');
    if (booked) return fail(booked);
    const phone =
      a.phone ?? (this.ctx.otherParty && isE164(this.ctx.otherParty) ? this.ctx.otherParty : undefined);
    try {
      // Not cancelled by an interruption: a booking already requested is reported, not abandoned.
      const b = await calendar.book({
        eventTypeId,
        startUtc: new Date(requested).toISOString(),
        attendee: { name: a.name, email: a.email, timeZone: tz, phoneNumber: phone },
        durationMinutes: cfg.duration_minutes,
        metadata: { parley_call_id: this.ctx.callId },
      });
      return { result: this.confirmation(b, tz, a) };
    } catch (e) {
      return fail(describeFailure('booking the appointment', e));
    }
  }

  private zone(spec: ToolSpec): string {
    const tz = spec.calendar_config?.timezone;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  }

  /** From the start of the requested local day (not before now) for `searchDays` days. */
  private window(requested: number, now: number, tz: string, eventTypeId: number, duration: number) {
    const [y, m, d] = dateInZone(requested, tz).split('-').map(Number) as [number, number, number];
    const dayStart = Math.max(now, zonedToInstant({ year: y, month: m, day: d, hour: 0, minute: 0 }, tz));
    return {
      eventTypeId,
      startUtc: new Date(dayStart).toISOString(),
      endUtc: new Date(dayStart + searchDays * day).toISOString(),
      timeZone: tz,
      durationMinutes: duration,
    };
  }

  private unavailable(requested: number, slots: Slot[], tz: string): Record<string, unknown> {
    const nearest = [...slots]
      .sort((x, y) => Math.abs(x.startMs - requested) - Math.abs(y.startMs - requested))
      .slice(0, maxAlternatives)
      .sort((x, y) => x.startMs - y.startMs);
    return {
      status: 'unavailable',
      requested: spokenInZone(requested, tz),
      alternatives: nearest.map((s) => ({
        start: isoInZone(s.startMs, tz).slice(0, 16),
        spoken: spokenInZone(s.startMs, tz),
      })),
      instructions:
        nearest.length > 0
          ? 'That time is not available. Offer the caller these times; when they choose one, call this tool again with its start.'
          : `There is no free time in the ${searchDays} days from the requested day; ask the caller for another week.`,
    };
  }

  private confirmation(b: Booking, tz: string, a: { name: string; email: string }): Record<string, unknown> {
    const start = Date.parse(b.start);
    const end = Date.parse(b.end);
    return {
      status: b.status === 'accepted' ? 'booked' : b.status,
      booking_id: b.uid,
      title: b.title,
      start: isoInZone(start, tz),
      end: isoInZone(end, tz),
      spoken: spokenInZone(start, tz),
      duration_minutes: Math.round((end - start) / 60_000),
      location: b.location,
      attendee: { name: a.name, email: a.email },
      note:
        b.status === 'accepted'
          ? `Confirmed. An invitation goes to ${a.email}.`
          : 'Requested; the host still has to confirm it. An email follows once they do.',
    };
  }
}
