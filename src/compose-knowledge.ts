import type { Config } from './config/config.ts';
import type { IngestQueue } from './domain/knowledge-base/knowledge-base.ts';
import { KnowledgeBaseService } from './domain/knowledge-base/knowledge-base-service.ts';
import { KnowledgeRetrievalService } from './domain/knowledge-base/knowledge-retriever.ts';
import { SourceIngester } from './ingestion/source-ingester.ts';
import { defaultCrawlLimits, SiteCrawler } from './ingestion/web/site-crawler.ts';
import { addressPolicy, WebFetcher } from './ingestion/web/web-fetcher.ts';
import { WorkerExtraction } from './ingestion/worker-extraction.ts';
import { ingestSourceHandler } from './jobs/handlers/ingest-source.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import { OpenAiEmbeddings } from './providers/embeddings/openai-embeddings.ts';
import type { Store } from './store/db.ts';
import { PgKbIngestRepo } from './store/kb-ingest-repo.ts';
import { PgKbSearchRepo } from './store/kb-search-repo.ts';
import { PgKbSourceRepo } from './store/kb-sources-repo.ts';
import { PgKnowledgeBaseRepo } from './store/knowledge-bases-repo.ts';

export interface KnowledgeInput {
  config: Config;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  version: string;
}

/**
 * Wire knowledge bases: the API service, the `kb.ingest-source` worker (crawler with the SSRF
 * guard, document parsers, tokenizer, embeddings when OPENAI_API_KEY is set and the store has
 * pgvector) and the retriever the call engine uses.
 */
export async function composeKnowledge(input: KnowledgeInput) {
  const { config, clock, logger } = input;
  const db = input.store.db;
  const ingestRepo = new PgKbIngestRepo(db);
  const openai = config.providers.openai;
  const embeddings = openai.apiKey
    ? new OpenAiEmbeddings({ baseUrl: openai.baseUrl, apiKey: openai.apiKey, clock })
    : undefined;
  const vectors = embeddings && (await ingestRepo.vectorsSupported()) ? embeddings : undefined;

  const fetcher = new WebFetcher({
    allowAddress: addressPolicy(config.security.allowPrivateUrls),
    userAgent: `ParleyBot/${input.version} (knowledge-base crawler)`,
    timeoutMs: 15_000,
    maxRedirects: 5,
  });
  const extraction = new WorkerExtraction();
  const crawler = new SiteCrawler(fetcher, extraction, clock, defaultCrawlLimits);
  const ingester = new SourceIngester({
    repo: ingestRepo,
    extraction,
    crawl: (url) => crawler.crawl(url),
    embeddings: vectors,
    clock,
    logger,
  });
  await input.queue.work('kb.ingest-source', ingestSourceHandler(ingester), { concurrency: 2 });

  const ingestQueue: IngestQueue = {
    enqueue: async (job) => {
      await input.queue.send('kb.ingest-source', job, { singletonKey: job.jobId });
    },
  };
  const knowledgeBases = new KnowledgeBaseService(
    new PgKnowledgeBaseRepo(db),
    new PgKbSourceRepo(db),
    ingestQueue,
  );
  const retriever = new KnowledgeRetrievalService(new PgKbSearchRepo(db), vectors, (err) =>
    logger.warn({ err }, 'kb query embedding failed; full-text results only'),
  );
  return { knowledgeBases, retriever, ingester, extraction, vectorIndexing: vectors !== undefined };
}
