import type {
  KbJob,
  KbSource,
  KbSourceRepo,
  NewKnowledgeBase,
  NewSource,
} from '../domain/knowledge-base/knowledge-base.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import type { Row } from './schema.ts';

/** Source columns the API shows (never the org, the extracted text or the file bytes). */
export const sourceColumns = [
  'id',
  'knowledge_base_id',
  'type',
  'source',
  'chunk_count',
  'status',
  'error_message',
  'created_at',
  'file_name',
  'mime_type',
  'file_size',
  'token_count',
] as const;

type SourceRow = Pick<Row<'kb_sources'>, (typeof sourceColumns)[number]>;

export const toSource = (r: SourceRow): KbSource => ({
  ...r,
  source: r.source ?? '',
  type: r.type as KbSource['type'],
  status: r.status as KbSource['status'],
  created_at: iso(r.created_at),
});

export const toJob = (r: Row<'kb_jobs'>): KbJob => ({
  id: r.id,
  knowledge_base_id: r.knowledge_base_id,
  knowledge_base_source_id: r.knowledge_base_source_id,
  type: 'ingest_source',
  status: r.status as KbJob['status'],
  error_message: r.error_message,
  payload: r.payload,
  started_at: iso(r.started_at),
  completed_at: iso(r.completed_at),
  created_at: iso(r.created_at),
});

export class PgKbSourceRepo implements KbSourceRepo {
  constructor(private readonly db: Db) {}

  addWithJob(
    orgId: string,
    kbId: string,
    source: NewSource,
    jobId: string,
    opts: { createKb?: NewKnowledgeBase; refreshSourceId?: string } = {},
  ): Promise<{ source: KbSource; job: KbJob }> {
    return this.db.transaction().execute(async (tx) => {
      if (opts.createKb)
        await tx
          .insertInto('knowledge_bases')
          .values({ ...opts.createKb, org_id: orgId })
          .execute();
      const row = opts.refreshSourceId
        ? await tx
            .updateTable('kb_sources')
            .set({ status: 'processing', error_message: null, updated_at: new Date() })
            .where('org_id', '=', orgId)
            .where('id', '=', opts.refreshSourceId)
            .returning(sourceColumns)
            .executeTakeFirstOrThrow()
        : await tx
            .insertInto('kb_sources')
            .values({
              id: source.id,
              org_id: orgId,
              knowledge_base_id: kbId,
              type: source.type,
              source: source.source,
              file_name: source.file_name,
              mime_type: source.mime_type,
              file_size: source.file_size,
            })
            .returning(sourceColumns)
            .executeTakeFirstOrThrow();
      if (source.bytes && !opts.refreshSourceId)
        await tx
          .insertInto('kb_files')
          .values({ source_id: row.id, content: Buffer.from(source.bytes) })
          .execute();
      const job = await tx
        .insertInto('kb_jobs')
        .values({ id: jobId, org_id: orgId, knowledge_base_id: kbId, knowledge_base_source_id: row.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { source: toSource(row), job: toJob(job) };
    });
  }

  async findUrlSource(orgId: string, kbId: string, url: string): Promise<KbSource | undefined> {
    const r = await this.db
      .selectFrom('kb_sources')
      .select(sourceColumns)
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', '=', kbId)
      .where('type', '=', 'url')
      .where('source', '=', url)
      .executeTakeFirst();
    return r && toSource(r);
  }

  async listSources(orgId: string, kbId: string): Promise<KbSource[]> {
    const rows = await this.db
      .selectFrom('kb_sources')
      .select(sourceColumns)
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', '=', kbId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toSource);
  }

  async deleteSource(orgId: string, kbId: string, sourceId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('kb_sources')
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', '=', kbId)
      .where('id', '=', sourceId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async listJobs(orgId: string, kbId: string): Promise<KbJob[]> {
    const rows = await this.db
      .selectFrom('kb_jobs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', '=', kbId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toJob);
  }

  async getJob(orgId: string, kbId: string, jobId: string): Promise<KbJob | undefined> {
    const r = await this.db
      .selectFrom('kb_jobs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('knowledge_base_id', '=', kbId)
      .where('id', '=', jobId)
      .executeTakeFirst();
    return r && toJob(r);
  }

  async failJob(orgId: string, jobId: string, message: string): Promise<void> {
    await failJobAndSource(this.db, orgId, jobId, message, new Date());
  }
}

/** Mark a job and its source failed with the same reason. */
export async function failJobAndSource(db: Db, orgId: string, jobId: string, message: string, now: Date) {
  const job = await db
    .updateTable('kb_jobs')
    .set({ status: 'failed', error_message: message, completed_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', jobId)
    .returning('knowledge_base_source_id')
    .executeTakeFirst();
  if (job?.knowledge_base_source_id)
    await db
      .updateTable('kb_sources')
      .set({ status: 'failed', error_message: message, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', job.knowledge_base_source_id)
      .execute();
}
