import type { CallLookup } from '../domain/call/call-lookup.ts';
import type { Db } from './db.ts';

/** Calls looked up by id or carrier call id across workspaces (carrier callbacks and media streams). */
export class PgCallLookup implements CallLookup {
  constructor(private readonly db: Db) {}

  async orgOf(callId: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('calls').select('org_id').where('id', '=', callId).executeTakeFirst();
    return r?.org_id;
  }

  async byCarrierCallId(carrierCallId: string) {
    const r = await this.db
      .selectFrom('calls')
      .select(['org_id', 'id'])
      .where('twilio_call_sid', '=', carrierCallId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r && { orgId: r.org_id, callId: r.id };
  }

  async setCarrierCallId(orgId: string, callId: string, carrierCallId: string): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({ twilio_call_sid: carrierCallId, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', callId)
      .execute();
  }

  async concurrency(orgId: string): Promise<{ live: number; max: number }> {
    const [live, ws] = await Promise.all([
      this.db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('status', 'in', ['initiated', 'in_progress'])
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('workspaces')
        .select('max_concurrent_calls')
        .where('id', '=', orgId)
        .executeTakeFirst(),
    ]);
    return { live: Number(live.n), max: ws?.max_concurrent_calls ?? 0 };
  }
}
