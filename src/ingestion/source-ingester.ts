import type { Chunk, TextSection } from '../domain/knowledge-base/chunking.ts';
import { IngestError } from '../domain/knowledge-base/ingest-error.ts';
import type { IngestWork, KbIngestRepo } from '../domain/knowledge-base/kb-index.ts';
import { fileKindOf } from '../domain/knowledge-base/source-input.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Embeddings } from '../providers/embeddings/embeddings.ts';
import type { TextExtraction } from './text-extraction.ts';
import type { CrawlResult } from './web/site-crawler.ts';

export interface SourceIngesterDeps {
  repo: KbIngestRepo;
  /** Parsing and chunking (on a worker thread in production). */
  extraction: TextExtraction;
  /** Crawl one URL source (SSRF guard, robots, limits inside). */
  crawl: (url: string) => Promise<CrawlResult>;
  /** Configured embeddings provider; vectors are written only when the store also has pgvector. */
  embeddings: Embeddings | undefined;
  clock: Clock;
  logger: Logger;
}

const internalFailure =
  'Ingestion failed because of an internal error; add the source again or contact the operator.';

/**
 * Runs one `kb.ingest-source` job: extract text (file, crawl or inline text), chunk it to the KB's
 * chunk_size, embed when possible, and replace the source's chunks in one transaction. Re-running a
 * job yields the same chunks, never duplicates. User-actionable problems fail the job with a reason;
 * unexpected errors are retried by the queue, and the last attempt fails the job.
 */
export class SourceIngester {
  constructor(private readonly deps: SourceIngesterDeps) {}

  async run(data: { orgId: string; jobId: string }, attempt: { isLast: boolean }): Promise<void> {
    const { repo, clock, logger } = this.deps;
    const log = logger.child({ orgId: data.orgId, jobId: data.jobId });
    const work = await repo.claim(data.orgId, data.jobId, new Date(clock.now()));
    if (!work) return;
    try {
      if (!work.source) throw new IngestError('The source was deleted before ingestion finished.');
      const result = await this.ingest(work, log);
      const saved = await repo.complete(
        data.orgId,
        data.jobId,
        work.source.id,
        result,
        new Date(clock.now()),
      );
      if (!saved) throw new IngestError('The source was deleted before ingestion finished.');
      log.info(
        { chunks: result.chunks.length, tokens: result.tokenCount, vectors: result.payload.vector_indexed },
        'kb source ingested',
      );
    } catch (e) {
      if (e instanceof IngestError) {
        log.info({ reason: e.message }, 'kb source ingestion failed');
        await repo.fail(data.orgId, data.jobId, e.message, new Date(clock.now()));
        return;
      }
      log.error({ err: e, last: attempt.isLast }, 'kb source ingestion error');
      if (attempt.isLast) {
        await repo.fail(data.orgId, data.jobId, internalFailure, new Date(clock.now()));
        return;
      }
      await repo.requeue(data.orgId, data.jobId);
      throw e;
    }
  }

  private async ingest(work: IngestWork, log: Logger) {
    const sections = (await this.extract(work)).map((s) => ({ ...s, text: s.text.replaceAll('\u0000', '') }));
    const content = sections.map((s) => s.text).join('\n\n');
    const { chunks, tokens } = await this.deps.extraction.chunk(sections, work.kb.chunk_size);
    if (chunks.length === 0) throw new IngestError('No text could be extracted from the source.');
    const vectors = await this.embed(chunks, log);
    return {
      content,
      tokenCount: tokens,
      chunks: chunks.map((c, i) => ({ ...c, embedding: vectors?.[i] ?? null })),
      tsConfig: work.kb.multilingual ? ('simple' as const) : ('english' as const),
      embeddingModel: vectors ? this.deps.embeddings!.model : null,
      payload: { chunks: chunks.length, tokens, vector_indexed: vectors !== undefined },
    };
  }

  private async extract(work: IngestWork): Promise<TextSection[]> {
    const source = work.source!;
    switch (source.type) {
      case 'text':
        return [{ text: source.source, locator: null }];
      case 'url':
        return (await this.deps.crawl(source.source)).sections;
      case 'file': {
        const name = source.file_name ?? source.source;
        const kind = fileKindOf(name);
        if (!kind || !work.fileBytes)
          throw new IngestError(`The uploaded file '${name}' is missing or of an unsupported type.`);
        return this.deps.extraction.document(name, kind, work.fileBytes);
      }
    }
  }

  /** Vectors for every chunk, or undefined when vectors are off or the provider failed (full-text search still works). */
  private async embed(chunks: Chunk[], log: Logger): Promise<number[][] | undefined> {
    const { embeddings, repo } = this.deps;
    if (!embeddings || !(await repo.vectorsSupported())) return undefined;
    try {
      return await embeddings.embed(chunks.map((c) => c.content));
    } catch (err) {
      log.warn(
        { err, provider: embeddings.provider },
        'kb embeddings failed; source indexed for full-text search only',
      );
      return undefined;
    }
  }
}
