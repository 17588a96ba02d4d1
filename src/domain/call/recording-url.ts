import type { SecretBox } from '../../lib/secret-box.ts';

/** Recording links are valid this long (decisions §7; reference §4.11). */
export const recordingUrlTtlSeconds = 4 * 60 * 60;

const purpose = 'recording';
const message = (callId: string, expires: number) => `${callId}.${expires}`;

/**
 * `${publicUrl}/v1/recordings/{call_id}?expires=<unix s>&sig=<hmac>`: a link that works without an
 * API key until it expires, so it can be handed to a browser or a webhook consumer.
 */
export function signRecordingUrl(
  secrets: SecretBox,
  publicUrl: string,
  callId: string,
  nowMs: number,
): string {
  const expires = Math.floor(nowMs / 1000) + recordingUrlTtlSeconds;
  const sig = secrets.sign(purpose, message(callId, expires));
  return `${publicUrl.replace(/\/+$/, '')}/v1/recordings/${encodeURIComponent(callId)}?expires=${expires}&sig=${sig}`;
}

/** True when `sig` was made by `signRecordingUrl` for this call and `expires` has not passed. */
export function verifyRecordingSignature(
  secrets: SecretBox,
  callId: string,
  expires: string | number,
  sig: string,
  nowMs: number,
): boolean {
  const exp = typeof expires === 'number' ? expires : Number(expires);
  if (!Number.isSafeInteger(exp) || exp * 1000 <= nowMs) return false;
  return secrets.verify(purpose, message(callId, exp), sig);
}
