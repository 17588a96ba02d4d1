import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { Db } from './db.ts';

/** The providers asked about for one workspace in this turn of the event loop, and their answer. */
interface Batch {
  providers: Set<string>;
  newest: Promise<Map<string, string>>;
}

/**
 * A workspace's own key for a provider (BYOK): its newest integration for that provider. Lookups of
 * one workspace made in the same turn of the event loop (a call's plan asks for its LLM, STT and
 * TTS keys at once) share one statement.
 */
export class PgWorkspaceCredentials {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly db: Db,
    private readonly resolve: (orgId: string, id: string) => Promise<ResolvedCredential>,
  ) {}

  async find(orgId: string, provider: string): Promise<ResolvedCredential | undefined> {
    const id = (await this.newestIds(orgId, provider)).get(provider);
    return id === undefined ? undefined : this.resolve(orgId, id);
  }

  private newestIds(orgId: string, provider: string): Promise<Map<string, string>> {
    let batch = this.open.get(orgId);
    if (!batch) {
      const providers = new Set<string>();
      // Runs once the caller's synchronous code (which may ask for more providers) is done.
      const newest = Promise.resolve().then(() => {
        this.open.delete(orgId);
        return this.query(orgId, [...providers]);
      });
      batch = { providers, newest };
      this.open.set(orgId, batch);
    }
    batch.providers.add(provider);
    return batch.newest;
  }

  private async query(orgId: string, providers: string[]): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('integrations')
      .distinctOn('provider')
      .select(['provider', 'id'])
      .where('org_id', '=', orgId)
      .where('provider', 'in', providers)
      .orderBy('provider')
      .orderBy('id', 'desc')
      .execute();
    return new Map(rows.map((r) => [r.provider, r.id]));
  }
}
