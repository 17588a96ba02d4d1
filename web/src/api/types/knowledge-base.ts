// Knowledge bases, their sources and ingestion jobs.

export interface KnowledgeBase {
  id: string;
  name: string;
  chunk_size: number;
  multilingual: boolean;
  created_at: string;
  updated_at?: string;
  [k: string]: unknown;
}

export interface KbSource {
  id: string;
  knowledge_base_id: string;
  type: string;
  source: string | null;
  status: string;
  chunk_count: number;
  token_count?: number;
  file_name?: string | null;
  mime_type?: string | null;
  file_size?: number | null;
  error_message: string | null;
  created_at: string;
}

export interface KbJob {
  id: string;
  knowledge_base_id: string;
  knowledge_base_source_id: string;
  type: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  error_message: string | null;
  payload: { chunks?: number; tokens?: number; vector_indexed?: boolean } | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
}
