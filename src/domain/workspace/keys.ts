import { randomToken } from '../../lib/random-token.ts';
import { sha256Hex } from '../../lib/sha256.ts';

/** A new secret key `oi_sk_…` (shown once; only its hash is stored). */
export function generateSecretKey(): string {
  return `oi_sk_${randomToken(24, 'base64url')}`;
}

/** A new publishable key `oi_pk_live_…`. */
export function generatePublishableKey(): string {
  return `oi_pk_live_${randomToken(24, 'base64url')}`;
}

/** SHA-256 hex of a key; what the store keeps. */
export function hashKey(key: string): string {
  return sha256Hex(key);
}

/** The shown-later prefix: `oi_sk_` + 6 chars, `oi_pk_live_` + 4 chars. */
export function keyPrefix(key: string): string {
  return key.startsWith('oi_pk_live_') ? key.slice(0, 15) : key.slice(0, 12);
}
