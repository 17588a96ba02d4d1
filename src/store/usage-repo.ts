import { sql } from 'kysely';
import type { CallTotals, UsageRepo } from '../domain/usage/usage.ts';
import type { Db } from './db.ts';

export class PgUsageRepo implements UsageRepo {
  constructor(private readonly db: Db) {}

  async callTotals(orgId: string, from: Date, to: Date): Promise<CallTotals> {
    const r = await this.db
      .selectFrom('calls')
      .select([
        sql<number>`count(*)::int`.as('calls'),
        sql<number>`coalesce(sum(credits_used), 0)::float8`.as('credits'),
        sql<number>`coalesce(sum(cost_cents), 0)::float8`.as('cost'),
      ])
      .where('org_id', '=', orgId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where(sql<boolean>`end_reason IS DISTINCT FROM 'cancelled'`)
      .executeTakeFirstOrThrow();
    return { calls: Number(r.calls), credits: Number(r.credits), costCents: Number(r.cost) };
  }

  async dailyTotals(orgId: string, fromDay: string, toDay: string) {
    // Days from a series of dates (zero-filled), calls grouped by their UTC date: no session time zone involved.
    const { rows } = await sql<{ date: string; calls: number; credits: number; cost: number }>`
      WITH days AS (
        SELECT generate_series(${fromDay}::date, ${toDay}::date, interval '1 day')::date AS day
      ), per_day AS (
        SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS calls,
          sum(credits_used) AS credits, sum(cost_cents) AS cost
        FROM calls
        WHERE org_id = ${orgId}
          AND created_at >= (${fromDay}::date)::timestamp AT TIME ZONE 'UTC'
          AND created_at < (${toDay}::date + 1)::timestamp AT TIME ZONE 'UTC'
          AND end_reason IS DISTINCT FROM 'cancelled'
        GROUP BY 1
      )
      SELECT to_char(days.day, 'YYYY-MM-DD') AS date, coalesce(per_day.calls, 0)::int AS calls,
        coalesce(per_day.credits, 0)::float8 AS credits, coalesce(per_day.cost, 0)::float8 AS cost
      FROM days LEFT JOIN per_day ON per_day.day = days.day
      ORDER BY days.day`.execute(this.db);
    return rows.map((r) => ({
      date: r.date,
      calls: Number(r.calls),
      credits: Number(r.credits),
      costCents: Number(r.cost),
    }));
  }

  async limits(orgId: string) {
    const r = await this.db
      .selectFrom('workspaces')
      .select(['max_calls_per_day', 'kb_token_budget'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r && { maxCallsPerDay: r.max_calls_per_day, kbTokenBudget: r.kb_token_budget };
  }
}
