import DataLoader from 'dataloader';
import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { Db } from './db.ts';

interface ProviderKey {
  orgId: string;
  provider: string;
}

/**
 * A workspace's own key for a provider (BYOK): its newest integration for that provider. Lookups
 * made in the same turn of the event loop (a call's plan asks for its LLM, STT and TTS keys at once)
 * share one statement per workspace. Nothing is cached: a key added since is found by the next lookup.
 */
export class PgWorkspaceCredentials {
  private readonly newestIds: DataLoader<ProviderKey, string | undefined, string>;

  constructor(
    private readonly db: Db,
    private readonly resolve: (orgId: string, id: string) => Promise<ResolvedCredential>,
  ) {
    this.newestIds = new DataLoader((keys) => this.read(keys), { cache: false });
  }

  async find(orgId: string, provider: string): Promise<ResolvedCredential | undefined> {
    const id = await this.newestIds.load({ orgId, provider });
    return id === undefined ? undefined : this.resolve(orgId, id);
  }

  private async read(keys: readonly ProviderKey[]): Promise<(string | undefined)[]> {
    const byOrg = new Map<string, Set<string>>();
    for (const k of keys) {
      const providers = byOrg.get(k.orgId);
      if (providers) providers.add(k.provider);
      else byOrg.set(k.orgId, new Set([k.provider]));
    }
    const found = new Map<string, string>();
    await Promise.all(
      [...byOrg].map(async ([orgId, providers]) => {
        for (const r of await this.query(orgId, [...providers])) found.set(`${orgId}\n${r.provider}`, r.id);
      }),
    );
    return keys.map((k) => found.get(`${k.orgId}\n${k.provider}`));
  }

  private query(orgId: string, providers: string[]) {
    return this.db
      .selectFrom('integrations')
      .distinctOn('provider')
      .select(['provider', 'id'])
      .where('org_id', '=', orgId)
      .where('provider', 'in', providers)
      .orderBy('provider')
      .orderBy('id', 'desc')
      .execute();
  }
}
