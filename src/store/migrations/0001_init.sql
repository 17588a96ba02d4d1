-- Parley base schema. Forward-only; runs unchanged on PostgreSQL >= 15 and PGlite.
-- Every tenant-owned row carries org_id; ids are prefixed lowercase ULIDs (time-sortable text).

CREATE TABLE workspaces (
  id text PRIMARY KEY,
  name text NOT NULL,
  max_calls_per_day integer NOT NULL DEFAULT 1000,
  max_concurrent_calls integer NOT NULL DEFAULT 10,
  kb_token_budget integer NOT NULL DEFAULT 10000,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_org ON api_keys (org_id, id);

CREATE TABLE publishable_keys (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  allowed_origins jsonb NOT NULL DEFAULT '[]',
  scopes jsonb NOT NULL DEFAULT '["web_calls"]',
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX publishable_keys_org ON publishable_keys (org_id, id);

CREATE TABLE integrations (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  provider text NOT NULL,
  encrypted_key text NOT NULL,
  masked_key text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX integrations_org ON integrations (org_id, id);

CREATE TABLE tools (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  type text NOT NULL,
  name text NOT NULL,
  description text,
  url text,
  method text,
  headers jsonb NOT NULL DEFAULT '{}',
  parameters jsonb NOT NULL DEFAULT '[]',
  transfer_to text,
  run_in_background boolean NOT NULL DEFAULT false,
  speak_during_execution boolean NOT NULL DEFAULT false,
  extraction_schema jsonb,
  messaging_config jsonb,
  calendar_config jsonb,
  credential_id text,
  timeout_ms integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tools_org ON tools (org_id, id);

CREATE TABLE knowledge_bases (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  chunk_size integer NOT NULL DEFAULT 512,
  multilingual boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_bases_org ON knowledge_bases (org_id, id);

CREATE TABLE kb_sources (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  knowledge_base_id text NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  type text NOT NULL,
  source text,
  file_name text,
  mime_type text,
  file_size integer,
  status text NOT NULL DEFAULT 'processing',
  chunk_count integer NOT NULL DEFAULT 0,
  token_count integer NOT NULL DEFAULT 0,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_sources_kb ON kb_sources (knowledge_base_id, id);

-- Uploaded file bytes, kept apart so listing sources never loads them.
CREATE TABLE kb_files (
  source_id text PRIMARY KEY REFERENCES kb_sources(id) ON DELETE CASCADE,
  content bytea NOT NULL
);

CREATE TABLE kb_jobs (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  knowledge_base_id text NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  knowledge_base_source_id text REFERENCES kb_sources(id) ON DELETE SET NULL,
  type text NOT NULL DEFAULT 'ingest_source',
  status text NOT NULL DEFAULT 'queued',
  error_message text,
  payload jsonb NOT NULL DEFAULT '{"chunks":0,"tokens":0,"vector_indexed":false}',
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_jobs_kb ON kb_jobs (knowledge_base_id, id);

CREATE TABLE kb_chunks (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL,
  knowledge_base_id text NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  source_id text NOT NULL REFERENCES kb_sources(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  content text NOT NULL,
  token_count integer NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
);
CREATE INDEX kb_chunks_kb ON kb_chunks (knowledge_base_id, source_id, ordinal);
CREATE INDEX kb_chunks_tsv ON kb_chunks USING gin (tsv);

CREATE TABLE llm_models (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  provider text NOT NULL,
  model text NOT NULL,
  system_prompt text NOT NULL DEFAULT '',
  temperature double precision NOT NULL DEFAULT 0.7,
  max_tokens integer,
  tool_ids jsonb NOT NULL DEFAULT '[]',
  knowledge_base_ids jsonb NOT NULL DEFAULT '[]',
  custom_websocket_url text,
  credential_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_models_org ON llm_models (org_id, id);

-- Platform voices have org_id NULL; imported voices belong to a workspace.
CREATE TABLE voices (
  id text PRIMARY KEY,
  org_id text REFERENCES workspaces(id) ON DELETE CASCADE,
  provider text NOT NULL,
  provider_voice_id text NOT NULL,
  name text NOT NULL,
  gender text,
  language text,
  accent text,
  preview_url text,
  credential_id text,
  model text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX voices_org ON voices (org_id, provider, id);

CREATE TABLE webhooks (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  url text NOT NULL,
  events jsonb NOT NULL,
  encrypted_secret text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_org ON webhooks (org_id, id);

CREATE TABLE agents (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  llm_id text NOT NULL REFERENCES llm_models(id),
  webhook_id text REFERENCES webhooks(id),
  transcriber jsonb NOT NULL,
  tts jsonb NOT NULL,
  first_message text,
  end_call_phrases jsonb NOT NULL DEFAULT '[]',
  max_duration_seconds integer NOT NULL DEFAULT 600,
  interruption_sensitivity double precision NOT NULL DEFAULT 0.5,
  silence_timeout_seconds integer NOT NULL DEFAULT 10,
  enable_recording boolean NOT NULL DEFAULT false,
  language text NOT NULL DEFAULT 'en',
  dynamic_variables jsonb NOT NULL DEFAULT '{}',
  voicemail_detection boolean NOT NULL DEFAULT false,
  voicemail_message text,
  responsiveness double precision NOT NULL DEFAULT 0.5,
  speed double precision NOT NULL DEFAULT 1,
  background_sound text,
  emotions boolean NOT NULL DEFAULT false,
  job_description text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_org ON agents (org_id, id);
CREATE INDEX agents_llm ON agents (llm_id);

CREATE TABLE phone_numbers (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  phone_number text NOT NULL UNIQUE,
  friendly_name text,
  provider text NOT NULL,
  agent_id text REFERENCES agents(id),
  status text NOT NULL DEFAULT 'active',
  inbound_trunk_id text,
  outbound_trunk_id text,
  dispatch_rule_id text,
  inbound_routing jsonb,
  credential_id text,
  provider_config jsonb,
  encrypted_sip_password text,
  carrier_number_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_numbers_org ON phone_numbers (org_id, id);

CREATE TABLE calls (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  agent_id text NOT NULL,
  type text NOT NULL,
  direction text NOT NULL,
  status text NOT NULL,
  from_number text,
  to_number text,
  phone_number_id text,
  carrier text,
  room_name text,
  twilio_call_sid text,
  scheduled_at timestamptz,
  variables jsonb NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}',
  overrides jsonb NOT NULL DEFAULT '{}',
  webhook_url text,
  started_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  duration_seconds double precision,
  end_reason text,
  error_message text,
  outcome text,
  transcript text,
  messages jsonb NOT NULL DEFAULT '[]',
  recording_key text,
  ai_summary text,
  analysis jsonb NOT NULL DEFAULT '{}',
  latency jsonb,
  credits_used double precision,
  cost_cents double precision,
  cost_breakdown jsonb NOT NULL DEFAULT '[]',
  node_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_org_id ON calls (org_id, id DESC);
CREATE INDEX calls_org_agent ON calls (org_id, agent_id, id DESC);
CREATE INDEX calls_org_status ON calls (org_id, status, id DESC);
CREATE INDEX calls_org_outcome ON calls (org_id, outcome, id DESC);
CREATE INDEX calls_live ON calls (status) WHERE status IN ('queued', 'initiated', 'in_progress');
CREATE INDEX calls_carrier_sid ON calls (twilio_call_sid) WHERE twilio_call_sid IS NOT NULL;

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  webhook_id text REFERENCES webhooks(id) ON DELETE CASCADE,
  target_url text NOT NULL,
  event text NOT NULL,
  message_id text NOT NULL,
  call_id text,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempt integer NOT NULL DEFAULT 0,
  response_status integer,
  response_body text,
  error text,
  next_retry_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id DESC);
CREATE INDEX webhook_deliveries_call ON webhook_deliveries (call_id, id);

CREATE TABLE call_outcomes (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  label text NOT NULL,
  description text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);

CREATE TABLE audit_events (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id text,
  api_key_id text,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  request_id text NOT NULL,
  ip text,
  user_agent text,
  payload_hash text,
  status_code integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_org ON audit_events (org_id, id DESC);
