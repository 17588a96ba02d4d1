import { sql } from 'kysely';
import type { IngestResult, IngestWork, KbIngestRepo } from '../domain/knowledge-base/kb-index.ts';
import type { KbSourceType } from '../domain/knowledge-base/knowledge-base.ts';
import { type Db, json, type Tx } from './db.ts';
import { failJobAndSource, toJob } from './kb-sources-repo.ts';
import { vectorLiteral, vectorTypeSchema } from './kb-vector-column.ts';

/** Rows per INSERT (10 parameters each, far below PostgreSQL's 65535). */
const insertBatch = 500;

export class PgKbIngestRepo implements KbIngestRepo {
  private vectorSchema: Promise<string | undefined> | undefined;
  constructor(private readonly db: Db) {}

  private schema(): Promise<string | undefined> {
    this.vectorSchema ??= vectorTypeSchema(this.db);
    return this.vectorSchema;
  }

  async vectorsSupported(): Promise<boolean> {
    return (await this.schema()) !== undefined;
  }

  async claim(orgId: string, jobId: string, now: Date): Promise<IngestWork | undefined> {
    const job = await this.db
      .updateTable('kb_jobs')
      .set({ status: 'running', started_at: now, error_message: null })
      .where('org_id', '=', orgId)
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .returningAll()
      .executeTakeFirst();
    if (!job) return undefined;
    const kb = await this.db
      .selectFrom('knowledge_bases')
      .select(['id', 'chunk_size', 'multilingual'])
      .where('id', '=', job.knowledge_base_id)
      .executeTakeFirstOrThrow();
    const source = job.knowledge_base_source_id
      ? await this.db
          .selectFrom('kb_sources as s')
          .leftJoin('kb_files as f', 'f.source_id', 's.id')
          .select(['s.id', 's.type', 's.source', 's.file_name', 'f.content as bytes'])
          .where('s.id', '=', job.knowledge_base_source_id)
          .executeTakeFirst()
      : undefined;
    return {
      job: toJob(job),
      kb,
      source: source && {
        id: source.id,
        type: source.type as KbSourceType,
        source: source.source ?? '',
        file_name: source.file_name,
      },
      fileBytes: source?.bytes ? new Uint8Array(source.bytes) : null,
    };
  }

  complete(
    orgId: string,
    jobId: string,
    sourceId: string,
    result: IngestResult,
    now: Date,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      // Lock the source so a concurrent delete either waits for us or has already won.
      const source = await tx
        .selectFrom('kb_sources')
        .select(['id', 'knowledge_base_id'])
        .where('org_id', '=', orgId)
        .where('id', '=', sourceId)
        .forUpdate()
        .executeTakeFirst();
      if (!source) return false;
      await tx.deleteFrom('kb_chunks').where('source_id', '=', sourceId).execute();
      await this.insertChunks(tx, orgId, source.knowledge_base_id, sourceId, result);
      await tx
        .updateTable('kb_sources')
        .set({
          status: 'completed',
          error_message: null,
          chunk_count: result.chunks.length,
          token_count: result.tokenCount,
          content: result.content,
          updated_at: now,
        })
        .where('id', '=', sourceId)
        .execute();
      await tx
        .updateTable('kb_jobs')
        .set({ status: 'completed', error_message: null, payload: json(result.payload), completed_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', jobId)
        .execute();
      return true;
    });
  }

  private async insertChunks(tx: Tx, orgId: string, kbId: string, sourceId: string, r: IngestResult) {
    const schema = r.embeddingModel ? await this.schema() : undefined;
    for (let i = 0; i < r.chunks.length; i += insertBatch) {
      const rows = r.chunks.slice(i, i + insertBatch).map((c) => {
        const base = sql`${orgId}, ${kbId}, ${sourceId}, ${c.ordinal}, ${c.content}, ${c.tokenCount}, ${c.locator}, ${r.tsConfig}::regconfig`;
        if (!schema) return sql`(${base})`;
        const vec = c.embedding ? sql`${vectorLiteral(c.embedding)}::${sql.id(schema)}.vector` : sql`NULL`;
        return sql`(${base}, ${vec}, ${c.embedding ? r.embeddingModel : null})`;
      });
      const columns = schema
        ? sql`org_id, knowledge_base_id, source_id, ordinal, content, token_count, locator, ts_config, embedding, embedding_model`
        : sql`org_id, knowledge_base_id, source_id, ordinal, content, token_count, locator, ts_config`;
      await sql`INSERT INTO kb_chunks (${columns}) VALUES ${sql.join(rows)}`.execute(tx);
    }
  }

  fail(orgId: string, jobId: string, message: string, now: Date): Promise<void> {
    return failJobAndSource(this.db, orgId, jobId, message, now);
  }

  async requeue(orgId: string, jobId: string): Promise<void> {
    await this.db
      .updateTable('kb_jobs')
      .set({ status: 'queued', started_at: null })
      .where('org_id', '=', orgId)
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .execute();
  }
}
