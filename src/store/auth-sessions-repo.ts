import type { SecretKeyLookup, SessionRepo } from '../domain/auth/session.ts';
import type { Db } from './db.ts';

export class PgSessionRepo implements SessionRepo {
  constructor(private readonly db: Db) {}

  async insert(s: { id: string; orgId: string; apiKeyId: string; expiresAt: Date }): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({ id: s.id, org_id: s.orgId, api_key_id: s.apiKeyId, expires_at: s.expiresAt })
      .execute();
  }

  async findLive(id: string, now: Date): Promise<SecretKeyLookup | undefined> {
    const r = await this.db
      .selectFrom('auth_sessions as s')
      .innerJoin('api_keys as k', 'k.id', 's.api_key_id')
      .select(['k.id', 'k.org_id', 'k.is_admin'])
      .where('s.id', '=', id)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .executeTakeFirst();
    return r && { kind: 'secret', orgId: r.org_id, keyId: r.id, isAdmin: r.is_admin };
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('auth_sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async purgeExpired(before: Date): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('expires_at', '<', before).execute();
  }
}
