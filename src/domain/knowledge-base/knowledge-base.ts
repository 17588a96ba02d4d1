/** A knowledge base: named, chunked content that a model's calls can use (reference §2.4, §4.6). */
export interface KnowledgeBase {
  id: string;
  name: string;
  chunk_size: number;
  multilingual: boolean;
  /** Sources in the KB (any status). */
  source_count: number;
  /** Tokens of the completed sources; compared with the workspace `kb_token_budget` at call time. */
  token_count: number;
  created_at: string;
  updated_at: string;
}

export type KbSourceType = 'file' | 'url' | 'text';
export type KbSourceStatus = 'processing' | 'completed' | 'failed';

/** One file, URL or text in a knowledge base (`KBSourceResponse`). */
export interface KbSource {
  id: string;
  knowledge_base_id: string;
  type: KbSourceType;
  /** The URL, the text, or the file name. */
  source: string;
  chunk_count: number;
  status: KbSourceStatus;
  error_message: string | null;
  created_at: string;
  file_name: string | null;
  mime_type: string | null;
  file_size: number | null;
  token_count: number;
}

export type KbJobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface KbJobPayload {
  chunks: number;
  tokens: number;
  vector_indexed: boolean;
}

/** One ingestion run of a source (`KBJobResponse`). */
export interface KbJob {
  id: string;
  knowledge_base_id: string;
  knowledge_base_source_id: string | null;
  type: 'ingest_source';
  status: KbJobStatus;
  error_message: string | null;
  payload: KbJobPayload;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
}

/** `chunk_size` range in tokens: below 64 passages lose context, above 4096 one hit floods the prompt. */
export const chunkSizeRange = { min: 64, max: 4096, default: 512 } as const;

/** Upload limit per file (reference §2.4: 50 MiB). */
export const maxFileBytes = 50 * 1024 * 1024;

/** Longest inline text source, in characters. */
export const maxTextChars = 5_000_000;

/** Longest URL accepted as a source. */
export const maxUrlChars = 2048;

/** File extensions accepted for upload and the MIME type each is stored with. */
export const fileTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  txt: 'text/plain',
  md: 'text/markdown',
} as const;
export type FileKind = keyof typeof fileTypes;

/** What a caller submits as a new source, after the transport has decoded it. */
export type SourceInput =
  | { type: 'file'; fileName: string; bytes: Uint8Array }
  | { type: 'url'; url: string }
  | { type: 'text'; text: string };

export interface NewKnowledgeBase {
  id: string;
  name: string;
  chunk_size: number;
  multilingual: boolean;
}

/** A source row to insert, with the job that ingests it. */
export interface NewSource {
  id: string;
  type: KbSourceType;
  source: string;
  file_name: string | null;
  mime_type: string | null;
  file_size: number | null;
  /** Uploaded bytes (files only), stored apart from the source row. */
  bytes: Uint8Array | null;
}

export interface KnowledgeBaseRepo {
  insert(orgId: string, kb: NewKnowledgeBase): Promise<KnowledgeBase>;
  get(orgId: string, id: string): Promise<KnowledgeBase | undefined>;
  list(
    orgId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: KnowledgeBase[]; total: number }>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Ids of models whose `knowledge_base_ids` include this KB. */
  modelsUsing(orgId: string, id: string): Promise<string[]>;
}

export interface KbSourceRepo {
  /**
   * Insert the source (or, with `refreshSourceId`, reset that URL source to processing) and a
   * queued job for it, atomically; with `createKb` the KB is created in the same transaction.
   */
  addWithJob(
    orgId: string,
    kbId: string,
    source: NewSource,
    jobId: string,
    opts?: { createKb?: NewKnowledgeBase; refreshSourceId?: string },
  ): Promise<{ source: KbSource; job: KbJob }>;
  /** The URL source in this KB with exactly this URL, if any (re-adding a URL refreshes it). */
  findUrlSource(orgId: string, kbId: string, url: string): Promise<KbSource | undefined>;
  listSources(orgId: string, kbId: string): Promise<KbSource[]>;
  deleteSource(orgId: string, kbId: string, sourceId: string): Promise<boolean>;
  listJobs(orgId: string, kbId: string): Promise<KbJob[]>;
  getJob(orgId: string, kbId: string, jobId: string): Promise<KbJob | undefined>;
  /** Mark a job failed (e.g. it could not be queued). */
  failJob(orgId: string, jobId: string, message: string): Promise<void>;
}

/** Hands a new ingestion job to the durable queue. */
export interface IngestQueue {
  enqueue(job: { orgId: string; jobId: string; sourceId: string }): Promise<void>;
}
