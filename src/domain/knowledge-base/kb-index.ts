import type { Chunk } from './chunking.ts';
import type { KbJob, KbJobPayload, KbSourceType } from './knowledge-base.ts';

/** What one ingestion job works on, loaded when the job is claimed. */
export interface IngestWork {
  job: KbJob;
  /** Undefined when the source was deleted after the job was queued. */
  source: { id: string; type: KbSourceType; source: string; file_name: string | null } | undefined;
  kb: { id: string; chunk_size: number; multilingual: boolean };
  /** Uploaded bytes for file sources. */
  fileBytes: Uint8Array | null;
}

export interface IndexedChunk extends Chunk {
  embedding: number[] | null;
}

export interface IngestResult {
  /** Extracted text, kept for prompt mode. */
  content: string;
  tokenCount: number;
  chunks: IndexedChunk[];
  /** `english`, or `simple` (no stemming) for multilingual KBs. */
  tsConfig: 'english' | 'simple';
  embeddingModel: string | null;
  payload: KbJobPayload;
}

/** Job lifecycle and index writes for ingestion (implemented by the store). */
export interface KbIngestRepo {
  /** Mark the job running and load its work; undefined when the job is gone or already finished. */
  claim(orgId: string, jobId: string, now: Date): Promise<IngestWork | undefined>;
  /**
   * Replace the source's chunks and mark source and job completed, in one transaction (so a
   * re-run never duplicates chunks); false when the source was deleted meanwhile.
   */
  complete(orgId: string, jobId: string, sourceId: string, result: IngestResult, now: Date): Promise<boolean>;
  /** Job and source failed with a reason; chunks from an earlier successful run are kept. */
  fail(orgId: string, jobId: string, message: string, now: Date): Promise<void>;
  /** Back to queued, for a retry after an unexpected error. */
  requeue(orgId: string, jobId: string): Promise<void>;
  /** Whether the store has the pgvector column. */
  vectorsSupported(): Promise<boolean>;
}

/** One retrieved passage. */
export interface KbPassage {
  chunk_id: string;
  knowledge_base_id: string;
  source_id: string;
  content: string;
  /** Page URL, `page 3`, `sheet Prices`, or null. */
  locator: string | null;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

/** An ingested source's text, for inlining into a prompt. */
export interface IngestedSource {
  knowledge_base_id: string;
  /** File name or URL; null for text sources. */
  label: string | null;
  content: string;
  token_count: number;
}

/** Index reads for retrieval (implemented by the store). */
export interface KbSearchRepo {
  fullText(orgId: string, kbIds: readonly string[], query: string, limit: number): Promise<KbPassage[]>;
  /** Nearest chunks by cosine distance among vectors of `model`; [] when the store has no vectors. */
  nearest(
    orgId: string,
    kbIds: readonly string[],
    vector: number[],
    model: string,
    limit: number,
  ): Promise<KbPassage[]>;
  ingestedSources(orgId: string, kbIds: readonly string[]): Promise<IngestedSource[]>;
  /** Total tokens of the ingested sources of these KBs. */
  tokenTotal(orgId: string, kbIds: readonly string[]): Promise<number>;
  /** The workspace's `kb_token_budget`. */
  tokenBudget(orgId: string): Promise<number>;
}
