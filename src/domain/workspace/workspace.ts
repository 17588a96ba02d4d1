/** A tenant; every other row belongs to one. */
export interface Workspace {
  id: string;
  name: string;
  max_calls_per_day: number;
  max_concurrent_calls: number;
  kb_token_budget: number;
  created_at: string;
  updated_at: string;
}

/** A secret API key as listed (never the key itself). */
export interface ApiKey {
  id: string;
  name: string;
  key_prefix: string;
  is_admin: boolean;
  last_used_at: string | null;
  created_at: string;
}

/** A publishable key as listed (the full key only in the create response). */
export interface PublishableKey {
  id: string;
  name: string;
  key_prefix: string;
  is_active: boolean;
  allowed_origins: string[];
  scopes: string[];
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What a presented key resolves to. */
export type KeyLookup =
  | { kind: 'secret'; orgId: string; keyId: string; isAdmin: boolean }
  | { kind: 'publishable'; orgId: string; keyId: string; allowedOrigins: string[]; isActive: boolean };

export interface WorkspaceRepo {
  countWorkspaces(): Promise<number>;
  createWorkspace(w: { id: string; name: string }): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | undefined>;
  listWorkspaces(): Promise<Workspace[]>;
  insertApiKey(k: {
    id: string;
    orgId: string;
    name: string;
    hash: string;
    prefix: string;
    isAdmin: boolean;
  }): Promise<ApiKey>;
  listApiKeys(orgId: string): Promise<ApiKey[]>;
  deleteApiKey(orgId: string, id: string): Promise<boolean>;
  findKeyByHash(hash: string): Promise<KeyLookup | undefined>;
  touchKey(kind: 'secret' | 'publishable', id: string): Promise<void>;
}
