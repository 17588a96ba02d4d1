import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { Db } from './db.ts';

/** A workspace's own key for a provider (BYOK): its newest integration for that provider. */
export class PgWorkspaceCredentials {
  constructor(
    private readonly db: Db,
    private readonly resolve: (orgId: string, id: string) => Promise<ResolvedCredential>,
  ) {}

  async find(orgId: string, provider: string): Promise<ResolvedCredential | undefined> {
    const r = await this.db
      .selectFrom('integrations')
      .select('id')
      .where('org_id', '=', orgId)
      .where('provider', '=', provider)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && this.resolve(orgId, r.id);
  }
}
