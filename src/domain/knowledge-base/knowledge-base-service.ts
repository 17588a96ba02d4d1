import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import {
  chunkSizeRange,
  type IngestQueue,
  type KbJob,
  type KbSource,
  type KbSourceRepo,
  type KnowledgeBase,
  type KnowledgeBaseRepo,
  type NewKnowledgeBase,
  type SourceInput,
} from './knowledge-base.ts';
import { autoKbName, prepareSource } from './source-input.ts';

export interface CreateKnowledgeBaseInput {
  name: string;
  chunk_size?: number | undefined;
  multilingual?: boolean | undefined;
}

/** What adding a source answers (202): the KB, the new source and its queued job. */
export interface SourceAccepted {
  knowledge_base_id: string;
  source: KbSource;
  job: KbJob;
  message: string;
}

/** Knowledge bases, their sources and ingestion jobs; ingestion itself runs in the `kb.ingest-source` job. */
export class KnowledgeBaseService {
  constructor(
    private readonly kbs: KnowledgeBaseRepo,
    private readonly sources: KbSourceRepo,
    private readonly queue: IngestQueue,
  ) {}

  create(orgId: string, input: CreateKnowledgeBaseInput): Promise<KnowledgeBase> {
    return this.kbs.insert(orgId, {
      id: newId('knowledgeBase'),
      name: input.name,
      chunk_size: input.chunk_size ?? chunkSizeRange.default,
      multilingual: input.multilingual ?? false,
    });
  }

  async get(orgId: string, id: string): Promise<KnowledgeBase> {
    const kb = isId('knowledgeBase', id) ? await this.kbs.get(orgId, id) : undefined;
    if (!kb) throw errors.notFound('knowledgeBase', id);
    return kb;
  }

  list(orgId: string, page: { limit: number; offset: number }) {
    return this.kbs.list(orgId, page);
  }

  /** Deletes the KB with its sources, jobs and chunks; 409 while a model still lists it. */
  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    const models = await this.kbs.modelsUsing(orgId, id);
    if (models.length > 0)
      throw errors.conflict(
        `Knowledge base '${id}' is attached to ${models.length} model(s); remove it from their knowledge_base_ids first.`,
        { model_ids: models },
      );
    await this.kbs.delete(orgId, id);
  }

  /** Add a source to an existing KB; re-adding a URL already in the KB refreshes that source. */
  async addSource(orgId: string, kbId: string, input: SourceInput): Promise<SourceAccepted> {
    await this.get(orgId, kbId);
    const source = prepareSource(input);
    const existing =
      source.type === 'url' ? await this.sources.findUrlSource(orgId, kbId, source.source) : undefined;
    const added = await this.sources.addWithJob(
      orgId,
      kbId,
      source,
      newId('kbJob'),
      existing ? { refreshSourceId: existing.id } : {},
    );
    await this.enqueue(orgId, added.job);
    return {
      knowledge_base_id: kbId,
      ...added,
      message: `Source accepted. Ingestion is running in the background. Poll GET /v1/knowledge-bases/${kbId}/jobs/${added.job.id} for status.`,
    };
  }

  /** Create a KB named after the source (or `name`) and add the source to it. */
  async addSourceToNewKb(orgId: string, input: SourceInput, name?: string): Promise<SourceAccepted> {
    const source = prepareSource(input);
    const kb: NewKnowledgeBase = {
      id: newId('knowledgeBase'),
      name: name?.trim() || autoKbName(source),
      chunk_size: chunkSizeRange.default,
      multilingual: false,
    };
    const added = await this.sources.addWithJob(orgId, kb.id, source, newId('kbJob'), { createKb: kb });
    await this.enqueue(orgId, added.job);
    return {
      knowledge_base_id: kb.id,
      ...added,
      message: `Knowledge base auto-created. Source accepted. Ingestion is running in the background. Poll GET /v1/knowledge-bases/${kb.id}/jobs/${added.job.id} for status.`,
    };
  }

  async listSources(orgId: string, kbId: string): Promise<KbSource[]> {
    await this.get(orgId, kbId);
    return this.sources.listSources(orgId, kbId);
  }

  /** Deletes the source and its chunks (and stored file). */
  async deleteSource(orgId: string, kbId: string, sourceId: string): Promise<void> {
    await this.get(orgId, kbId);
    const deleted = isId('kbSource', sourceId) && (await this.sources.deleteSource(orgId, kbId, sourceId));
    if (!deleted) throw errors.notFound('kbSource', sourceId);
  }

  async listJobs(orgId: string, kbId: string): Promise<KbJob[]> {
    await this.get(orgId, kbId);
    return this.sources.listJobs(orgId, kbId);
  }

  async getJob(orgId: string, kbId: string, jobId: string): Promise<KbJob> {
    await this.get(orgId, kbId);
    const job = isId('kbJob', jobId) ? await this.sources.getJob(orgId, kbId, jobId) : undefined;
    if (!job) throw errors.notFound('kbJob', jobId);
    return job;
  }

  private async enqueue(orgId: string, job: KbJob): Promise<void> {
    try {
      await this.queue.enqueue({ orgId, jobId: job.id, sourceId: job.knowledge_base_source_id! });
    } catch (e) {
      // The rows are committed; a job that never reaches the queue must not sit in `queued` forever.
      await this.sources.failJob(
        orgId,
        job.id,
        'The ingestion job could not be queued; add the source again.',
      );
      throw errors.internal(e);
    }
  }
}
