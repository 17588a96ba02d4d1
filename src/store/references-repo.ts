import type { ReferenceLookup, RefKind } from '../domain/references.ts';
import type { Db } from './db.ts';

const tables = {
  agent: 'agents',
  llmModel: 'llm_models',
  tool: 'tools',
  knowledgeBase: 'knowledge_bases',
  integration: 'integrations',
  webhook: 'webhooks',
  phoneNumber: 'phone_numbers',
} as const satisfies Record<RefKind, string>;

export class PgReferenceLookup implements ReferenceLookup {
  constructor(private readonly db: Db) {}

  async missing(orgId: string, kind: RefKind, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.db
      .selectFrom(tables[kind])
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', [...ids])
      .execute();
    const have = new Set(found.map((r) => r.id));
    return ids.filter((id) => !have.has(id));
  }
}
