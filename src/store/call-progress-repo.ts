import { sql } from 'kysely';
import type { CallMessage } from '../domain/call/call.ts';
import {
  type CallOutcomeFields,
  type CallProgressRepo,
  renderTranscript,
} from '../domain/call/call-progress.ts';
import { type Db, json } from './db.ts';

/** The call engine's writes around a live call (status itself moves only through PgCallRepo). */
export class PgCallProgressRepo implements CallProgressRepo {
  constructor(private readonly db: Db) {}

  async saveLiveMessages(orgId: string, id: string, messages: CallMessage[]): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({
        messages: json(messages as unknown as Record<string, unknown>[]),
        transcript: renderTranscript(messages),
        updated_at: new Date(),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', 'in_progress')
      .execute();
  }

  async saveOutcome(orgId: string, id: string, f: CallOutcomeFields): Promise<void> {
    const analysis: Record<string, unknown> = { ...f.analysis };
    if (f.outcome) analysis.outcome = f.outcome;
    await this.db
      .updateTable('calls')
      .set({
        duration_seconds: f.duration_seconds,
        credits_used: f.credits_used,
        messages: json(f.messages as unknown as Record<string, unknown>[]),
        transcript: f.transcript,
        latency: f.latency === null ? null : json(f.latency),
        recording_key: f.recording_key,
        // A manual outcome (PATCH /v1/calls/{id}) is never overwritten (decisions §5).
        analysis: sql`CASE WHEN analysis->>'outcome_source' = 'manual' THEN analysis || ${json(f.analysis)}::jsonb ELSE analysis || ${json(analysis)}::jsonb END`,
        ...(f.outcome
          ? {
              outcome: sql<string>`CASE WHEN analysis->>'outcome_source' = 'manual' THEN outcome ELSE ${f.outcome} END`,
            }
          : {}),
        updated_at: new Date(),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async hasFreeSlot(orgId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('workspaces')
      .select((eb) => [
        'max_concurrent_calls',
        eb
          .selectFrom('calls')
          .select((c) => c.fn.countAll<number>().as('n'))
          .where('calls.org_id', '=', orgId)
          .where('calls.status', 'in', ['initiated', 'in_progress'])
          .as('live'),
      ])
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r !== undefined && Number(r.live ?? 0) < r.max_concurrent_calls;
  }
}
