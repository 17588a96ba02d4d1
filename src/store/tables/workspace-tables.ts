import type { Generated } from 'kysely';
import type { JsonDefault, JsonObject, NullableTimestamp, Timestamp } from './columns.ts';

// Workspaces, keys, sessions, integrations and the audit trail.

export interface WorkspacesTable {
  id: string;
  name: string;
  max_calls_per_day: Generated<number>;
  max_concurrent_calls: Generated<number>;
  kb_token_budget: Generated<number>;
  /** Sealed default webhook secret (migration 0070). */
  webhook_secret_sealed: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  is_admin: Generated<boolean>;
  last_used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PublishableKeysTable {
  id: string;
  org_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  is_active: Generated<boolean>;
  allowed_origins: JsonDefault<string[]>;
  scopes: JsonDefault<string[]>;
  last_used_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthSessionsTable {
  id: string;
  org_id: string;
  api_key_id: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AuditEventsTable {
  id: string;
  org_id: string;
  user_id: string | null;
  api_key_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string;
  ip: string | null;
  user_agent: string | null;
  payload_hash: string | null;
  status_code: number | null;
  created_at: Timestamp;
}

export interface IntegrationsTable {
  id: string;
  org_id: string;
  name: string;
  provider: string;
  encrypted_key: string;
  masked_key: string;
  metadata: JsonDefault<JsonObject>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
