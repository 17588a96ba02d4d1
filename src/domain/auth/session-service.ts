import type { Clock } from '../../lib/clock.ts';
import type { Hs256Jwt } from '../../lib/hs256-jwt.ts';
import { randomToken } from '../../lib/random-token.ts';
import { errors } from '../errors.ts';
import type { KeyLookup } from '../workspace/workspace.ts';
import { type LoginResult, type SecretKeyLookup, type SessionRepo, sessionTtlMs } from './session.ts';

const jwtShape = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

/**
 * Dashboard login without passwords: a secret key is exchanged for a 12 h JWT that authenticates
 * exactly like that key. Sessions live in the store, so logout and key deletion apply on every node.
 */
export class SessionService {
  constructor(
    private readonly repo: SessionRepo,
    private readonly tokens: Hs256Jwt,
    private readonly keys: { authenticate(token: string): Promise<KeyLookup | undefined> },
    private readonly clock: Clock,
  ) {}

  /** Exchange a secret key for a session token; `principal` is the key (for the audit log). */
  async login(apiKey: string): Promise<{ session: LoginResult; principal: SecretKeyLookup }> {
    const found = apiKey.startsWith('oi_sk_') ? await this.keys.authenticate(apiKey) : undefined;
    if (found?.kind !== 'secret')
      throw errors.unauthorized('Invalid credentials: log in with a secret API key (oi_sk_…).');
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const exp = Math.floor((now + sessionTtlMs) / 1000);
    const jti = randomToken(16, 'base64url');
    await this.repo.purgeExpired(new Date(now - sessionTtlMs));
    await this.repo.insert({
      id: jti,
      orgId: found.orgId,
      apiKeyId: found.keyId,
      expiresAt: new Date(exp * 1000),
    });
    const token = await this.tokens.sign({ sub: found.keyId, org: found.orgId, jti, iat, exp });
    const session: LoginResult = {
      access_token: token,
      token_type: 'bearer',
      expires_at: new Date(exp * 1000).toISOString(),
      expires_in: exp - iat,
      workspace_id: found.orgId,
    };
    return { session, principal: found };
  }

  /** The secret key a live session token stands for; undefined for anything else. */
  async authenticate(token: string): Promise<SecretKeyLookup | undefined> {
    const id = await this.sessionId(token);
    return id ? this.repo.findLive(id, new Date(this.clock.now())) : undefined;
  }

  /** End the session `token` belongs to; 400 when the bearer is an API key rather than a session. */
  async logout(token: string): Promise<void> {
    const id = await this.sessionId(token);
    if (!id)
      throw errors.badRequest(
        'NOT_A_SESSION',
        'Logout ends a dashboard session (a token from POST /v1/auth/login). To revoke an API key use DELETE /v1/api-keys/{key_id}.',
      );
    await this.repo.revoke(id, new Date(this.clock.now()));
  }

  private async sessionId(token: string): Promise<string | undefined> {
    if (!jwtShape.test(token)) return undefined;
    return (await this.tokens.verify(token, this.clock.now()))?.jti;
  }
}
