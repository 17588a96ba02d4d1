/** `GET /v1/usage` (reference §2.13): daily counters reset at 00:00 UTC; monthly ones cover the UTC calendar month. */
export interface Usage {
  calls_made_today: number;
  max_calls_per_day: number;
  calls_remaining_today: number;
  calls_this_month: number;
  minutes_used_this_month: number;
  cost_cents_this_month: number;
  kb_token_budget: number;
  period_start: string;
}

/** Totals over the calls created in `[from, to)`, cancelled scheduled calls excluded. */
export interface CallTotals {
  calls: number;
  credits: number;
  costCents: number;
}

/** One UTC day of `GET /v1/usage/daily` (calls counted as in `CallTotals`). */
export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  calls: number;
  /** Billed credits (1 credit = 1 active minute), 4 decimals. */
  minutes: number;
  /** Estimated spend, rounded to whole cents. */
  cost_cents: number;
}

/** The last `days` UTC days up to today, oldest first. */
export interface DailyUsage {
  days: number;
  /** First and last day covered (`YYYY-MM-DD`, inclusive). */
  from: string;
  to: string;
  items: UsageDay[];
}

export interface UsageRepo {
  callTotals(orgId: string, from: Date, to: Date): Promise<CallTotals>;
  /** Totals per UTC day from `fromDay` to `toDay` (`YYYY-MM-DD`, inclusive), one row per day, zeros included. */
  dailyTotals(orgId: string, fromDay: string, toDay: string): Promise<({ date: string } & CallTotals)[]>;
  limits(orgId: string): Promise<{ maxCallsPerDay: number; kbTokenBudget: number } | undefined>;
}

/** 00:00 UTC of the day holding `ms`, and of the next day. */
export function utcDay(ms: number): { start: Date; end: Date } {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return { start: new Date(start), end: new Date(start + 86_400_000) };
}

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant of the UTC month holding `ms`, and of the next month. */
export function utcMonth(ms: number): { start: Date; end: Date } {
  const d = new Date(ms);
  return {
    start: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)),
    end: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)),
  };
}
