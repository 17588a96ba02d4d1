import { sql } from 'kysely';
import type { IngestedSource, KbPassage, KbSearchRepo } from '../domain/knowledge-base/kb-index.ts';
import type { Db } from './db.ts';
import { vectorLiteral, vectorTypeSchema } from './kb-vector-column.ts';

type PassageRow = Omit<KbPassage, 'chunk_id' | 'score'> & { chunk_id: string | number; score: number };

const toPassage = (r: PassageRow): KbPassage => ({
  ...r,
  chunk_id: String(r.chunk_id),
  score: Number(r.score),
});

export class PgKbSearchRepo implements KbSearchRepo {
  private vectorSchema: Promise<string | undefined> | undefined;
  constructor(private readonly db: Db) {}

  /**
   * PostgreSQL full-text search with the terms OR-ed (a spoken question rarely has every word of
   * the answer), ranked by cover density normalised for chunk length.
   */
  async fullText(
    orgId: string,
    kbIds: readonly string[],
    query: string,
    limit: number,
  ): Promise<KbPassage[]> {
    const r = await sql<PassageRow>`
      WITH q AS (
        SELECT NULLIF(replace(plainto_tsquery('english', ${query})::text, ' & ', ' | '), '')::tsquery AS en,
               NULLIF(replace(plainto_tsquery('simple', ${query})::text, ' & ', ' | '), '')::tsquery AS simple
      )
      SELECT c.id AS chunk_id, c.knowledge_base_id, c.source_id, c.content, c.locator,
             ts_rank_cd(c.tsv, CASE WHEN c.ts_config = 'simple'::regconfig THEN q.simple ELSE q.en END, 1) AS score
        FROM kb_chunks c, q
       WHERE c.org_id = ${orgId}
         AND c.knowledge_base_id = ANY(${[...kbIds]}::text[])
         AND ((c.ts_config <> 'simple'::regconfig AND c.tsv @@ q.en) OR (c.ts_config = 'simple'::regconfig AND c.tsv @@ q.simple))
       ORDER BY score DESC, c.id
       LIMIT ${limit}`.execute(this.db);
    return r.rows.map(toPassage);
  }

  async nearest(
    orgId: string,
    kbIds: readonly string[],
    vector: number[],
    model: string,
    limit: number,
  ): Promise<KbPassage[]> {
    this.vectorSchema ??= vectorTypeSchema(this.db);
    const schema = await this.vectorSchema;
    if (!schema) return [];
    const s = sql.id(schema);
    const v = sql`${vectorLiteral(vector)}::${s}.vector`;
    const r = await sql<PassageRow>`
      SELECT c.id AS chunk_id, c.knowledge_base_id, c.source_id, c.content, c.locator,
             1 - (c.embedding OPERATOR(${s}.<=>) ${v}) AS score
        FROM kb_chunks c
       WHERE c.org_id = ${orgId}
         AND c.knowledge_base_id = ANY(${[...kbIds]}::text[])
         AND c.embedding_model = ${model}
         AND ${s}.vector_dims(c.embedding) = ${vector.length}
       ORDER BY c.embedding OPERATOR(${s}.<=>) ${v}, c.id
       LIMIT ${limit}`.execute(this.db);
    return r.rows.map(toPassage);
  }

  async ingestedSources(orgId: string, kbIds: readonly string[]): Promise<IngestedSource[]> {
    const rows = await this.db
      .selectFrom('kb_sources')
      .select(['knowledge_base_id', 'type', 'source', 'file_name', 'content', 'token_count'])
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', 'in', [...kbIds])
      .where('content', 'is not', null)
      .orderBy('knowledge_base_id')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      knowledge_base_id: r.knowledge_base_id,
      label: r.type === 'file' ? r.file_name : r.type === 'url' ? r.source : null,
      content: r.content!,
      token_count: r.token_count,
    }));
  }

  async tokenTotal(orgId: string, kbIds: readonly string[]): Promise<number> {
    const r = await this.db
      .selectFrom('kb_sources')
      .select(sql<number>`coalesce(sum(token_count), 0)`.as('n'))
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', 'in', [...kbIds])
      .where('content', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async tokenBudget(orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('workspaces')
      .select('kb_token_budget')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.kb_token_budget ?? 10_000;
  }
}
