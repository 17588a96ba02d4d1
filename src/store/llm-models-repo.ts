import { sql } from 'kysely';
import type { LlmModel, LlmModelPatch, LlmModelRepo, NewLlmModel } from '../domain/llm-model/llm-model.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned, referrerIds } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

const toModel = (r: Row<'llm_models'>): LlmModel => ({
  id: r.id,
  name: r.name,
  provider: r.provider,
  model: r.model,
  system_prompt: r.system_prompt,
  temperature: r.temperature,
  max_tokens: r.max_tokens,
  tool_ids: r.tool_ids,
  knowledge_base_ids: r.knowledge_base_ids,
  custom_websocket_url: r.custom_websocket_url,
  credential_id: r.credential_id,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

function toColumns(m: LlmModelPatch) {
  const { tool_ids, knowledge_base_ids, ...rest } = m;
  return {
    ...rest,
    ...(tool_ids !== undefined ? { tool_ids: json(tool_ids) } : {}),
    ...(knowledge_base_ids !== undefined ? { knowledge_base_ids: json(knowledge_base_ids) } : {}),
  };
}

export class PgLlmModelRepo implements LlmModelRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, m: NewLlmModel): Promise<LlmModel> {
    const r = await this.db
      .insertInto('llm_models')
      .values({
        ...toColumns(m),
        id: m.id,
        name: m.name,
        provider: m.provider,
        model: m.model,
        org_id: orgId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toModel(r);
  }

  async get(orgId: string, id: string): Promise<LlmModel | undefined> {
    const r = await this.db
      .selectFrom('llm_models')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toModel(r);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('llm_models').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toModel), total };
  }

  async update(orgId: string, id: string, patch: LlmModelPatch): Promise<LlmModel | undefined> {
    const r = await this.db
      .updateTable('llm_models')
      .set({ ...toColumns(patch), updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toModel(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'llm_models', orgId, id);
  }

  agentsUsing(orgId: string, id: string): Promise<string[]> {
    return referrerIds(this.db, 'agents', orgId, sql.ref('llm_id'), id);
  }
}
