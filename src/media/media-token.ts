import type { SecretBox } from '../lib/secret-box.ts';

const purpose = 'carrier-media-stream';

/**
 * The secret a carrier presents when it opens a call's media stream (a Twilio `<Parameter>`, the
 * Telnyx `stream_auth_token`): an HMAC of the call id under the server key, so any node can check it
 * and nobody without it can attach to a call's audio.
 */
export class MediaTokens {
  constructor(private readonly secrets: SecretBox) {}

  issue(callId: string): string {
    return this.secrets.sign(purpose, callId);
  }

  valid(callId: string, token: string | undefined): boolean {
    return !!token && this.secrets.verify(purpose, callId, token);
  }
}
