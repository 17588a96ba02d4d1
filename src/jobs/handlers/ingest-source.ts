import type { SourceIngester } from '../../ingestion/source-ingester.ts';
import { jobCatalog } from '../catalog.ts';
import type { JobHandler } from '../queue.ts';

/** `kb.ingest-source`: parse, chunk and index one knowledge-base source (idempotent; see SourceIngester). */
export function ingestSourceHandler(ingester: SourceIngester): JobHandler<'kb.ingest-source'> {
  const lastAttempt = jobCatalog['kb.ingest-source'].retry.limit + 1;
  return (data, meta) => ingester.run(data, { isLast: meta.attempt >= lastAttempt });
}
