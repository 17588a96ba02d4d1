-- Issue 5: post-call finalisation, the webhook outbox, concurrency slots and crash recovery.

-- The workspace's default Standard Webhooks secret (sealed with the platform SecretBox), used to
-- sign deliveries to a call's own `webhook_url`; created on first use.
ALTER TABLE workspaces ADD COLUMN webhook_secret_sealed text;

-- Post-call work ran (analysis, cost, terminal webhooks); NULL on an ended call = still to do.
ALTER TABLE calls ADD COLUMN finalized_at timestamptz;
-- Provider usage the engine measured ({llm:[…], stt:[…], tts:[…]}); NULL = estimate from the call.
ALTER TABLE calls ADD COLUMN usage jsonb;
-- Calls that ended before this migration are not finalised again (no late webhooks for old calls).
UPDATE calls SET finalized_at = COALESCE(ended_at, updated_at) WHERE status IN ('completed', 'failed');
CREATE INDEX calls_unfinalized ON calls (ended_at) WHERE finalized_at IS NULL AND status IN ('completed', 'failed');
-- Queued calls in the order they may start (scheduled ones from their scheduled time).
CREATE INDEX calls_waiting ON calls (org_id, (COALESCE(scheduled_at, created_at)), id) WHERE status = 'queued';

-- Concurrency slots: one lease per live call, renewed by the process running it; an expired lease
-- means that process died (its call is failed with server_restart by the watchdog).
CREATE TABLE call_slots (
  call_id text PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  node_id text NOT NULL,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX call_slots_org ON call_slots (org_id, expires_at);
CREATE INDEX call_slots_holder ON call_slots (holder);
CREATE INDEX call_slots_expiry ON call_slots (expires_at);

-- Every event of a call, in emission order (seq); lifecycle events exist at most once per call.
CREATE TABLE call_events (
  seq bigserial PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  call_id text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  event text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX call_events_once ON call_events (call_id, event) WHERE event <> 'transcript.partial';
CREATE INDEX call_events_call ON call_events (call_id, seq);

-- Outbox fields: which event (ordering per call and endpoint), which endpoint (`wh:<id>` or
-- `url:<url>`), and the claim of the attempt in flight (no two nodes send the same attempt).
ALTER TABLE webhook_deliveries ADD COLUMN event_seq bigint;
ALTER TABLE webhook_deliveries ADD COLUMN target_key text;
ALTER TABLE webhook_deliveries ADD COLUMN locked_by text;
ALTER TABLE webhook_deliveries ADD COLUMN locked_until timestamptz;
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (event_seq, target_key) WHERE event_seq IS NOT NULL;
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (call_id, target_key, event_seq) WHERE event_seq IS NOT NULL;
CREATE INDEX webhook_deliveries_open ON webhook_deliveries (next_retry_at) WHERE status IN ('pending', 'retrying');
