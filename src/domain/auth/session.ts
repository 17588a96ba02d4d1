import type { KeyLookup } from '../workspace/workspace.ts';

/** A dashboard session: a login with a secret key, valid 12 h unless logged out or the key is deleted. */
export const sessionTtlMs = 12 * 60 * 60 * 1000;

export interface LoginResult {
  access_token: string;
  token_type: 'bearer';
  expires_at: string;
  expires_in: number;
  workspace_id: string;
}

export type SecretKeyLookup = Extract<KeyLookup, { kind: 'secret' }>;

export interface SessionRepo {
  insert(s: { id: string; orgId: string; apiKeyId: string; expiresAt: Date }): Promise<void>;
  /** The key behind a session that is not revoked, not expired at `now`, and whose key still exists. */
  findLive(id: string, now: Date): Promise<SecretKeyLookup | undefined>;
  revoke(id: string, now: Date): Promise<void>;
  /** Drop sessions that expired before `before` (housekeeping on login). */
  purgeExpired(before: Date): Promise<void>;
}
