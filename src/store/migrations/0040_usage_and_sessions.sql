-- Usage counters read calls by creation time per workspace (GET /v1/usage).
CREATE INDEX calls_org_created ON calls (org_id, created_at);

-- Dashboard sessions from POST /v1/auth/login: the JWT's jti, the secret key it stands for.
-- Stored so logout works on every node; deleting the key deletes its sessions.
CREATE TABLE auth_sessions (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  api_key_id text NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_sessions_key ON auth_sessions (api_key_id);
CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);
