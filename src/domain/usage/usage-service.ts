import type { Clock } from '../../lib/clock.ts';
import { errors } from '../errors.ts';
import { type DailyUsage, type Usage, type UsageRepo, utcDate, utcDay, utcMonth } from './usage.ts';

const dayMs = 86_400_000;
const minutes = (credits: number) => Math.round(credits * 10_000) / 10_000;

/** Usage counters computed from the calls table on the injected clock. */
export class UsageService {
  constructor(
    private readonly repo: UsageRepo,
    private readonly clock: Clock,
  ) {}

  async snapshot(orgId: string): Promise<Usage> {
    const now = this.clock.now();
    const day = utcDay(now);
    const month = utcMonth(now);
    const [limits, today, thisMonth] = await Promise.all([
      this.repo.limits(orgId),
      this.repo.callTotals(orgId, day.start, day.end),
      this.repo.callTotals(orgId, month.start, month.end),
    ]);
    if (!limits) throw errors.notFound('workspace', orgId);
    return {
      calls_made_today: today.calls,
      max_calls_per_day: limits.maxCallsPerDay,
      calls_remaining_today: Math.max(0, limits.maxCallsPerDay - today.calls),
      calls_this_month: thisMonth.calls,
      minutes_used_this_month: minutes(thisMonth.credits),
      cost_cents_this_month: Math.round(thisMonth.costCents),
      kb_token_budget: limits.kbTokenBudget,
      period_start: month.start.toISOString(),
    };
  }

  /** Calls, minutes and cost per UTC day for the last `days` days, today included, oldest first. */
  async daily(orgId: string, days: number): Promise<DailyUsage> {
    const today = utcDay(this.clock.now()).start.getTime();
    const from = utcDate(today - (days - 1) * dayMs);
    const to = utcDate(today);
    const rows = await this.repo.dailyTotals(orgId, from, to);
    return {
      days,
      from,
      to,
      items: rows.map((r) => ({
        date: r.date,
        calls: r.calls,
        minutes: minutes(r.credits),
        cost_cents: Math.round(r.costCents),
      })),
    };
  }

  /** Calls counted against today's cap (the same rule `calls_made_today` shows). */
  async callsMadeToday(orgId: string): Promise<number> {
    const day = utcDay(this.clock.now());
    return (await this.repo.callTotals(orgId, day.start, day.end)).calls;
  }
}
