import { sql } from 'kysely';
import type {
  IntegrationPatch,
  IntegrationProvider,
  IntegrationRepo,
  IntegrationUsage,
  NewIntegration,
  StoredIntegration,
} from '../domain/integration/integration.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned, type ReferrerTable, referrerIds } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

const toIntegration = (r: Row<'integrations'>): StoredIntegration => ({
  id: r.id,
  name: r.name,
  provider: r.provider as IntegrationProvider,
  encrypted_key: r.encrypted_key,
  masked_key: r.masked_key,
  metadata: r.metadata,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

export class PgIntegrationRepo implements IntegrationRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, i: NewIntegration): Promise<StoredIntegration> {
    const r = await this.db
      .insertInto('integrations')
      .values({ ...i, metadata: json(i.metadata), org_id: orgId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIntegration(r);
  }

  async get(orgId: string, id: string): Promise<StoredIntegration | undefined> {
    const r = await this.db
      .selectFrom('integrations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toIntegration(r);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('integrations').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toIntegration), total };
  }

  async update(orgId: string, id: string, patch: IntegrationPatch): Promise<StoredIntegration | undefined> {
    const { metadata, ...rest } = patch;
    const r = await this.db
      .updateTable('integrations')
      .set({ ...rest, ...(metadata ? { metadata: json(metadata) } : {}), updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toIntegration(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'integrations', orgId, id);
  }

  async usage(orgId: string, id: string): Promise<IntegrationUsage> {
    const using = (table: ReferrerTable) => referrerIds(this.db, table, orgId, sql.ref('credential_id'), id);
    const [tools, models, voices, phones, agents] = await Promise.all([
      using('tools'),
      using('llm_models'),
      using('voices'),
      using('phone_numbers'),
      referrerIds(this.db, 'agents', orgId, sql`tts->>'credential_id'`, id),
    ]);
    return {
      tool_ids: tools,
      model_ids: models,
      voice_ids: voices,
      agent_ids: agents,
      phone_number_ids: phones,
    };
  }
}
