import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { CallRecord } from '../domain/call/call.ts';
import { isTerminal } from '../domain/call/call-status.ts';
import {
  type ParticipantTokenIssuer,
  type ParticipantTokenStore,
  participantTokenTtlSeconds,
  type WebCallSession,
} from '../domain/call/participant-token.ts';
import { errors } from '../domain/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/secret-box.ts';

const audience = 'parley:web-call';
const issuer = 'parley';

/** A verified participant: the call (and room) the browser may join. */
export interface WebParticipant {
  orgId: string;
  callId: string;
  roomName: string;
}

/** `ws(s)://<public host>[/base]/v1/web-calls/stream`: where the built-in transport accepts browsers. */
export function builtinWebCallUrl(publicUrl: string): string {
  const u = new URL(publicUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/v1/web-calls/stream`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * Participant tokens of the built-in WebSocket transport: HS256 JWTs (key derived from the server's
 * secret) bound to one call, valid 10 minutes and usable once across all nodes (the jti is
 * recorded in the store and consumed on first use).
 */
export class BuiltinParticipantTokens implements ParticipantTokenIssuer {
  private readonly key: Uint8Array;
  constructor(
    secrets: SecretBox,
    private readonly store: ParticipantTokenStore,
    private readonly calls: { get(orgId: string, id: string): Promise<CallRecord | undefined> },
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {
    this.key = Buffer.from(secrets.sign('web-call-token', 'hs256-key-v1'), 'base64url');
  }

  assertConfigured(): void {}

  async issue(call: { orgId: string; callId: string; roomName: string }): Promise<WebCallSession> {
    const now = Math.floor(this.clock.now() / 1000);
    const exp = now + participantTokenTtlSeconds;
    const jti = randomUUID();
    await this.store.record({
      jti,
      orgId: call.orgId,
      callId: call.callId,
      expiresAt: new Date(exp * 1000).toISOString(),
    });
    const token = await new SignJWT({ org: call.orgId, room: call.roomName })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(call.callId)
      .setJti(jti)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { server_url: builtinWebCallUrl(this.publicUrl), participant_token: token };
  }

  /**
   * Check a token presented by a browser and consume it: 401 when it is malformed, forged, expired,
   * already used, or its call has ended.
   */
  async verifyParticipantToken(token: string): Promise<WebParticipant> {
    let claims: { sub?: string; jti?: string; org?: unknown; room?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience,
        issuer,
        currentDate: new Date(this.clock.now()),
        requiredClaims: ['sub', 'jti', 'exp'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired)
        throw errors.unauthorized('Participant token expired; create a new web call.');
      throw errors.unauthorized('Invalid participant token.');
    }
    const used = await this.store.consume(claims.jti!, new Date(this.clock.now()).toISOString());
    if (!used || used.callId !== claims.sub)
      throw errors.unauthorized('Participant token already used or expired; create a new web call.');
    const call = await this.calls.get(used.orgId, used.callId);
    if (!call || isTerminal(call.status)) throw errors.unauthorized('This web call has already ended.');
    return { orgId: used.orgId, callId: used.callId, roomName: call.room_name ?? String(claims.room ?? '') };
  }
}
