import { sql } from 'kysely';
import type { CallRecord } from '../domain/call/call.ts';
import type { RecordingKeyLookup } from '../domain/call/recording-access.ts';
import type { Finalization, PostCallRepo } from '../domain/post-call/call-finalizer.ts';
import type { PgCallRepo } from './calls-repo.ts';
import { type Db, json } from './db.ts';

/** Post-call writes on `calls`: analysis, outcome, summary, credits and cost, once per call. */
export class PgPostCallRepo implements PostCallRepo, RecordingKeyLookup {
  constructor(
    private readonly db: Db,
    private readonly calls: PgCallRepo,
  ) {}

  get(orgId: string, id: string): Promise<CallRecord | undefined> {
    return this.calls.get(orgId, id);
  }

  async recordingKeyOf(callId: string): Promise<string | null | undefined> {
    const r = await this.db
      .selectFrom('calls')
      .select('recording_key')
      .where('id', '=', callId)
      .executeTakeFirst();
    return r?.recording_key;
  }

  /**
   * One conditional UPDATE, so a manual outcome set by PATCH at any moment wins: when
   * `analysis.outcome_source` is `manual`, `outcome` and `analysis.outcome` keep the manual label
   * and the classifier's pick is kept as `analysis.auto_outcome`.
   */
  async save(orgId: string, id: string, f: Finalization): Promise<boolean> {
    const auto = json(f.analysis);
    const autoOutcome = json(f.analysis.outcome);
    const manual = sql<boolean>`analysis->>'outcome_source' = 'manual'`;
    const r = await this.db
      .updateTable('calls')
      .set({
        ai_summary: f.analysis.summary,
        analysis: sql`CASE WHEN ${manual}
          THEN analysis || ${auto}::jsonb || jsonb_build_object('outcome', analysis->'outcome', 'outcome_source', 'manual', 'auto_outcome', ${autoOutcome}::jsonb)
          ELSE analysis || ${auto}::jsonb END`,
        outcome: sql`CASE WHEN ${manual} THEN outcome ELSE ${f.analysis.outcome} END`,
        credits_used: sql`COALESCE(credits_used, ${f.credits_used})`,
        cost_cents: f.cost_cents,
        cost_breakdown: json(f.cost_breakdown),
        finalized_at: f.finalized_at,
        updated_at: f.finalized_at,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('finalized_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
