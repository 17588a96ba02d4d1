import { AccessToken } from 'livekit-server-sdk';
import {
  type ParticipantTokenIssuer,
  participantTokenTtlSeconds,
  type WebCallSession,
} from '../domain/call/participant-token.ts';
import { errors } from '../domain/errors.ts';

/** LiveKit room tokens for web calls when LIVEKIT_URL is configured (decisions §7). */
export class LivekitParticipantTokens implements ParticipantTokenIssuer {
  constructor(
    private readonly livekit: { url: string; apiKey?: string | undefined; apiSecret?: string | undefined },
  ) {}

  assertConfigured(): void {
    const { apiKey, apiSecret } = this.livekit;
    if (!apiKey || !apiSecret)
      throw errors.providerNotConfigured(
        `LIVEKIT_URL is set but ${apiKey ? 'LIVEKIT_API_SECRET' : 'LIVEKIT_API_KEY'} is not; set both LIVEKIT_API_KEY and LIVEKIT_API_SECRET (or unset LIVEKIT_URL to use the built-in WebSocket transport).`,
      );
  }

  async issue(call: { orgId: string; callId: string; roomName: string }): Promise<WebCallSession> {
    this.assertConfigured();
    const { url, apiKey, apiSecret } = this.livekit;
    const at = new AccessToken(apiKey, apiSecret, {
      identity: `web-${call.callId}`,
      ttl: participantTokenTtlSeconds,
      metadata: JSON.stringify({ call_id: call.callId }),
    });
    at.addGrant({ roomJoin: true, room: call.roomName, canPublish: true, canSubscribe: true });
    return { server_url: url, participant_token: await at.toJwt() };
  }
}
