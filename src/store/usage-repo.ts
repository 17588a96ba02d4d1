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

  async limits(orgId: string) {
    const r = await this.db
      .selectFrom('workspaces')
      .select(['max_calls_per_day', 'kb_token_budget'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r && { maxCallsPerDay: r.max_calls_per_day, kbTokenBudget: r.kb_token_budget };
  }
}
