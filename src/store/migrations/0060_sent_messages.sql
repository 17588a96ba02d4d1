-- Issue 9: every SMS and email the action tools sent, or failed to send, during a call. It is the
-- sim carrier's outbox and the record behind GET /v1/calls/{call_id}/sent-messages.
CREATE TABLE sent_messages (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  call_id text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  tool_name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  provider text NOT NULL,
  provider_message_id text,
  from_address text,
  to_address text NOT NULL,
  subject text,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'failed')),
  error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sent_messages_call ON sent_messages (org_id, call_id, id);
