import { sql } from 'kysely';
import type {
  KnowledgeBase,
  KnowledgeBaseRepo,
  NewKnowledgeBase,
} from '../domain/knowledge-base/knowledge-base.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import { deleteOwned, modelsListing } from './owned-rows.ts';
import type { Row } from './schema.ts';

type KbRow = Row<'knowledge_bases'> & { source_count: number; token_count: number };

const toKb = (r: KbRow): KnowledgeBase => ({
  id: r.id,
  name: r.name,
  chunk_size: r.chunk_size,
  multilingual: r.multilingual,
  source_count: Number(r.source_count),
  token_count: Number(r.token_count),
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

export class PgKnowledgeBaseRepo implements KnowledgeBaseRepo {
  constructor(private readonly db: Db) {}

  /** KB rows with their source count and the tokens of every source ingested at least once. */
  private withTotals(orgId: string) {
    return this.db
      .selectFrom('knowledge_bases as kb')
      .where('kb.org_id', '=', orgId)
      .selectAll('kb')
      .select((eb) => [
        eb
          .selectFrom('kb_sources as s')
          .whereRef('s.knowledge_base_id', '=', 'kb.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('source_count'),
        eb
          .selectFrom('kb_sources as s')
          .whereRef('s.knowledge_base_id', '=', 'kb.id')
          .where('s.content', 'is not', null)
          .select(sql<number>`coalesce(sum(s.token_count), 0)`.as('t'))
          .as('token_count'),
      ]);
  }

  async insert(orgId: string, kb: NewKnowledgeBase): Promise<KnowledgeBase> {
    const r = await this.db
      .insertInto('knowledge_bases')
      .values({ ...kb, org_id: orgId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toKb({ ...r, source_count: 0, token_count: 0 });
  }

  async get(orgId: string, id: string): Promise<KnowledgeBase | undefined> {
    const r = await this.withTotals(orgId).where('kb.id', '=', id).executeTakeFirst();
    return r && toKb(r as KbRow);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const [rows, count] = await Promise.all([
      this.withTotals(orgId).orderBy('kb.id', 'desc').limit(page.limit).offset(page.offset).execute(),
      this.db
        .selectFrom('knowledge_bases')
        .where('org_id', '=', orgId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toKb(r as KbRow)), total: Number(count.n) };
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'knowledge_bases', orgId, id);
  }

  modelsUsing(orgId: string, id: string): Promise<string[]> {
    return modelsListing(this.db, orgId, 'knowledge_base_ids', id);
  }
}
