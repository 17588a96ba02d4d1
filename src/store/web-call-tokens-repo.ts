import type { ParticipantTokenStore } from '../domain/call/participant-token.ts';
import type { Db } from './db.ts';

/** Issued web-call participant tokens; consuming one is a single conditional UPDATE, so it works once across nodes. */
export class PgParticipantTokenStore implements ParticipantTokenStore {
  constructor(private readonly db: Db) {}

  async record(t: { jti: string; orgId: string; callId: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('web_call_tokens')
      .values({ jti: t.jti, org_id: t.orgId, call_id: t.callId, expires_at: t.expiresAt })
      .execute();
  }

  async consume(jti: string, nowIso: string) {
    const r = await this.db
      .updateTable('web_call_tokens')
      .set({ consumed_at: nowIso })
      .where('jti', '=', jti)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', new Date(nowIso))
      .returning(['org_id', 'call_id'])
      .executeTakeFirst();
    return r && { orgId: r.org_id, callId: r.call_id };
  }
}
