-- Knowledge-base ingestion: extracted text per source (inlined into prompts under the token
-- budget), where each chunk came from, and a per-chunk text-search configuration so that
-- multilingual KBs index without English stemming.

ALTER TABLE kb_sources ADD COLUMN content text;
CREATE INDEX kb_sources_org_kb ON kb_sources (org_id, knowledge_base_id, id);
-- Re-adding a URL refreshes the existing source; URLs are at most 2048 characters.
CREATE INDEX kb_sources_url ON kb_sources (knowledge_base_id, source) WHERE type = 'url';
CREATE INDEX kb_jobs_source ON kb_jobs (knowledge_base_source_id);

ALTER TABLE kb_chunks ADD COLUMN locator text;
ALTER TABLE kb_chunks ADD COLUMN ts_config regconfig NOT NULL DEFAULT 'english';
ALTER TABLE kb_chunks DROP COLUMN tsv;
ALTER TABLE kb_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector(ts_config, content)) STORED;
CREATE INDEX kb_chunks_tsv ON kb_chunks USING gin (tsv);
CREATE UNIQUE INDEX kb_chunks_source_ordinal ON kb_chunks (source_id, ordinal);
