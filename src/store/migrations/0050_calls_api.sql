-- Calls API: the pending dispatch job of a scheduled call (cancelled on stop), and single-use
-- web-call participant tokens (consumed on first use, on any node).
ALTER TABLE calls ADD COLUMN dispatch_job_id text;

CREATE TABLE web_call_tokens (
  jti text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  call_id text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_call_tokens_call ON web_call_tokens (call_id);
