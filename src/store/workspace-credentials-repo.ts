import DataLoader from 'dataloader';
import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { Db } from './db.ts';
import { loadPerWorkspace, type WorkspaceKey } from './per-workspace-batch.ts';

/**
 * A workspace's own key for a provider (BYOK): its newest integration for that provider. Lookups
 * made in the same turn of the event loop (a call's plan asks for its LLM, STT and TTS keys at once)
 * share one statement per workspace. Nothing is cached: a key added since is found by the next lookup.
 */
export class PgWorkspaceCredentials {
  private readonly newestIds: DataLoader<WorkspaceKey, string | undefined>;

  constructor(
    private readonly db: Db,
    private readonly resolve: (orgId: string, id: string) => Promise<ResolvedCredential>,
  ) {
    this.newestIds = new DataLoader(
      (keys) =>
        loadPerWorkspace(keys, async (orgId, providers) =>
          (await this.query(orgId, providers)).map((r) => [r.provider, r.id] as const),
        ),
      { cache: false },
    );
  }

  async find(orgId: string, provider: string): Promise<ResolvedCredential | undefined> {
    const id = await this.newestIds.load({ orgId, key: provider });
    return id === undefined ? undefined : this.resolve(orgId, id);
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
