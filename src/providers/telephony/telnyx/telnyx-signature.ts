import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** Telnyx's webhook signature headers. */
export const telnyxSignatureHeader = 'telnyx-signature-ed25519';
export const telnyxTimestampHeader = 'telnyx-timestamp';
/** Signed webhooks older or newer than this are refused (replay protection, as Telnyx's SDK does). */
export const telnyxToleranceSeconds = 300;

/** An Ed25519 public key as Telnyx shows it in the portal (base64 of the 32 raw bytes). */
export function telnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32)
    throw new Error('TELNYX_PUBLIC_KEY must be the base64 of a 32-byte Ed25519 public key');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Checks `telnyx-signature-ed25519` (base64 Ed25519 signature over `${telnyx-timestamp}|${raw body}`)
 * and that the timestamp is within the tolerance of `nowMs`.
 */
export function telnyxSignatureValid(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowMs: number,
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > telnyxToleranceSeconds) return false;
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return false;
  try {
    return verify(null, Buffer.from(`${timestamp}|${rawBody}`), key, sig);
  } catch {
    return false;
  }
}

/** Sign a body the way Telnyx does (the protocol double signs its webhooks with this). */
export function telnyxSignature(privateKey: KeyObject, timestamp: string, rawBody: string): string {
  return sign(null, Buffer.from(`${timestamp}|${rawBody}`), privateKey).toString('base64');
}
