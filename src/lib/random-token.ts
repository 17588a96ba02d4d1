import { randomBytes } from 'node:crypto';

/** `bytes` cryptographically random bytes as text (keys, secrets, token ids, room names). */
export function randomToken(bytes: number, encoding: 'hex' | 'base64' | 'base64url'): string {
  return randomBytes(bytes).toString(encoding);
}
