/** What a browser needs to join a web call (reference §3.10). */
export interface WebCallSession {
  server_url: string;
  participant_token: string;
}

/** Mints the participant token of a web call: the built-in WebSocket transport's JWT, or a LiveKit token. */
export interface ParticipantTokenIssuer {
  /** Throws 400 PROVIDER_NOT_CONFIGURED when the transport is selected but incompletely configured. */
  assertConfigured(): void;
  issue(call: { orgId: string; callId: string; roomName: string }): Promise<WebCallSession>;
}

/** Single-use bookkeeping of issued participant tokens, shared by every node through the store. */
export interface ParticipantTokenStore {
  record(t: { jti: string; orgId: string; callId: string; expiresAt: string }): Promise<void>;
  /** Mark the token used; returns its call only the first time and only before it expires. */
  consume(jti: string, nowIso: string): Promise<{ orgId: string; callId: string } | undefined>;
}

/** Participant token lifetime: long enough to load a page and grant the microphone, short enough to be useless if leaked. */
export const participantTokenTtlSeconds = 10 * 60;
