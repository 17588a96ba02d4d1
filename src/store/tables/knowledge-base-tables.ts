import type { Generated } from 'kysely';
import type { JsonDefault, NullableTimestamp, Timestamp } from './columns.ts';

// Knowledge bases, their sources, files, ingestion jobs and chunks.

export interface KnowledgeBasesTable {
  id: string;
  org_id: string;
  name: string;
  chunk_size: Generated<number>;
  multilingual: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbSourcesTable {
  id: string;
  org_id: string;
  knowledge_base_id: string;
  type: string;
  source: string | null;
  file_name: string | null;
  mime_type: string | null;
  file_size: number | null;
  status: Generated<string>;
  chunk_count: Generated<number>;
  token_count: Generated<number>;
  error_message: string | null;
  /** Extracted text of a completed source (migration 0020). */
  content: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbFilesTable {
  source_id: string;
  content: Buffer;
}

export interface KbJobsTable {
  id: string;
  org_id: string;
  knowledge_base_id: string;
  knowledge_base_source_id: string | null;
  type: Generated<string>;
  status: Generated<string>;
  error_message: string | null;
  payload: JsonDefault<{ chunks: number; tokens: number; vector_indexed: boolean }>;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface KbChunksTable {
  id: Generated<string>;
  org_id: string;
  knowledge_base_id: string;
  source_id: string;
  ordinal: number;
  content: string;
  token_count: number;
  /** Where in the source the chunk came from: page URL, `page 3`, sheet name (migration 0020). */
  locator: string | null;
  /** Text-search configuration (`english`, or `simple` for multilingual KBs). */
  ts_config: Generated<string>;
}
