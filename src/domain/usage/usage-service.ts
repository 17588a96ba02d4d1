import type { Clock } from '../../lib/clock.ts';
import { errors } from '../errors.ts';
import { type Usage, type UsageRepo, utcDay, utcMonth } from './usage.ts';

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
      minutes_used_this_month: Math.round(thisMonth.credits * 10_000) / 10_000,
      cost_cents_this_month: Math.round(thisMonth.costCents),
      kb_token_budget: limits.kbTokenBudget,
      period_start: month.start.toISOString(),
    };
  }

  /** Calls counted against today's cap (the same rule `calls_made_today` shows). */
  async callsMadeToday(orgId: string): Promise<number> {
    const day = utcDay(this.clock.now());
    return (await this.repo.callTotals(orgId, day.start, day.end)).calls;
  }
}
