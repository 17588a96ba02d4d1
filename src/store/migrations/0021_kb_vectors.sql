-- Vector column for knowledge-base chunks, only where the pgvector extension can be installed
-- (PGlite ships it; on PostgreSQL it must be available and creatable). Without it Parley uses
-- full-text search only; the application detects the column at start.
DO $$
DECLARE
  ext_schema text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    RETURN;
  END IF;
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
      CREATE EXTENSION vector SCHEMA public;
    END IF;
  EXCEPTION WHEN insufficient_privilege OR invalid_schema_name THEN
    RAISE NOTICE 'pgvector is available but could not be created (%); knowledge bases use full-text search only', SQLERRM;
    RETURN;
  END;
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'vector';
  EXECUTE format('ALTER TABLE kb_chunks ADD COLUMN embedding %I.vector', ext_schema);
  ALTER TABLE kb_chunks ADD COLUMN embedding_model text;
END $$;
