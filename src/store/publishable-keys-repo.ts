import type {
  PublishableKeyPatch,
  PublishableKeyRepo,
} from '../domain/publishable-key/publishable-key-service.ts';
import type { PublishableKey } from '../domain/workspace/workspace.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned } from './owned-rows.ts';
import type { Row } from './schema.ts';

const toKey = (r: Row<'publishable_keys'>): PublishableKey => ({
  id: r.id,
  name: r.name,
  key_prefix: r.key_prefix,
  is_active: r.is_active,
  allowed_origins: r.allowed_origins,
  scopes: r.scopes,
  last_used_at: iso(r.last_used_at),
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

export class PgPublishableKeyRepo implements PublishableKeyRepo {
  constructor(private readonly db: Db) {}

  async insert(
    orgId: string,
    k: { id: string; name: string; hash: string; prefix: string; allowedOrigins: string[]; scopes: string[] },
  ): Promise<PublishableKey> {
    const r = await this.db
      .insertInto('publishable_keys')
      .values({
        id: k.id,
        org_id: orgId,
        name: k.name,
        key_hash: k.hash,
        key_prefix: k.prefix,
        allowed_origins: json(k.allowedOrigins),
        scopes: json(k.scopes),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toKey(r);
  }

  async get(orgId: string, id: string): Promise<PublishableKey | undefined> {
    const r = await this.db
      .selectFrom('publishable_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toKey(r);
  }

  async list(orgId: string): Promise<PublishableKey[]> {
    const rows = await this.db
      .selectFrom('publishable_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    return rows.map(toKey);
  }

  async update(orgId: string, id: string, patch: PublishableKeyPatch): Promise<PublishableKey | undefined> {
    const { allowed_origins, ...rest } = patch;
    const r = await this.db
      .updateTable('publishable_keys')
      .set({
        ...rest,
        ...(allowed_origins ? { allowed_origins: json(allowed_origins) } : {}),
        updated_at: new Date(),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toKey(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'publishable_keys', orgId, id);
  }
}
