import type { Config } from './config/config.ts';
import type { IngestQueue } from './domain/knowledge-base/knowledge-base.ts';
import { KnowledgeBaseService } from './domain/knowledge-base/knowledge-base-service.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { Store } from './store/db.ts';
import { PgKbSourceRepo } from './store/kb-sources-repo.ts';
import { PgKnowledgeBaseRepo } from './store/knowledge-bases-repo.ts';

export interface KnowledgeInput {
  config: Config;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

/** Wire knowledge bases: repos, the API service and the `kb.ingest-source` queue. */
export async function composeKnowledge(input: KnowledgeInput) {
  const db = input.store.db;
  const sources = new PgKbSourceRepo(db);
  const ingestQueue: IngestQueue = {
    enqueue: async (job) => {
      await input.queue.send('kb.ingest-source', job, { singletonKey: job.jobId });
    },
  };
  const knowledgeBases = new KnowledgeBaseService(new PgKnowledgeBaseRepo(db), sources, ingestQueue);
  return { knowledgeBases };
}
