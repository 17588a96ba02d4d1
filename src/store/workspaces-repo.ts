import type { ApiKey, KeyLookup, Workspace, WorkspaceRepo } from '../domain/workspace/workspace.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import type { Row } from './schema.ts';

const toWorkspace = (r: Row<'workspaces'>): Workspace => ({
  id: r.id,
  name: r.name,
  max_calls_per_day: r.max_calls_per_day,
  max_concurrent_calls: r.max_concurrent_calls,
  kb_token_budget: r.kb_token_budget,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

const toApiKey = (r: Row<'api_keys'>): ApiKey => ({
  id: r.id,
  name: r.name,
  key_prefix: r.key_prefix,
  is_admin: r.is_admin,
  last_used_at: iso(r.last_used_at),
  created_at: iso(r.created_at),
});

export class PgWorkspaceRepo implements WorkspaceRepo {
  constructor(private readonly db: Db) {}

  async countWorkspaces(): Promise<number> {
    const r = await this.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createWorkspace(w: { id: string; name: string }): Promise<Workspace> {
    return toWorkspace(
      await this.db.insertInto('workspaces').values(w).returningAll().executeTakeFirstOrThrow(),
    );
  }

  async getWorkspace(id: string): Promise<Workspace | undefined> {
    const r = await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toWorkspace(r);
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await this.db.selectFrom('workspaces').selectAll().orderBy('id').execute()).map(toWorkspace);
  }

  async insertApiKey(k: {
    id: string;
    orgId: string;
    name: string;
    hash: string;
    prefix: string;
    isAdmin: boolean;
  }): Promise<ApiKey> {
    const r = await this.db
      .insertInto('api_keys')
      .values({
        id: k.id,
        org_id: k.orgId,
        name: k.name,
        key_hash: k.hash,
        key_prefix: k.prefix,
        is_admin: k.isAdmin,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toApiKey(r);
  }

  async listApiKeys(orgId: string): Promise<ApiKey[]> {
    return (
      await this.db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).orderBy('id').execute()
    ).map(toApiKey);
  }

  async deleteApiKey(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('api_keys')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async findKeyByHash(hash: string): Promise<KeyLookup | undefined> {
    const sk = await this.db
      .selectFrom('api_keys')
      .select(['id', 'org_id', 'is_admin'])
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (sk) return { kind: 'secret', orgId: sk.org_id, keyId: sk.id, isAdmin: sk.is_admin };
    const pk = await this.db
      .selectFrom('publishable_keys')
      .select(['id', 'org_id', 'allowed_origins', 'is_active'])
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (pk)
      return {
        kind: 'publishable',
        orgId: pk.org_id,
        keyId: pk.id,
        allowedOrigins: pk.allowed_origins,
        isActive: pk.is_active,
      };
    return undefined;
  }

  async touchKey(kind: 'secret' | 'publishable', id: string): Promise<void> {
    const table = kind === 'secret' ? 'api_keys' : 'publishable_keys';
    await this.db.updateTable(table).set({ last_used_at: new Date() }).where('id', '=', id).execute();
  }
}
