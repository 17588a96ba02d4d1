import { randomBytes, randomFillSync } from 'node:crypto';

/** `bytes` cryptographically random bytes as text (keys, secrets, token ids, room names). */
export function randomToken(bytes: number, encoding: 'hex' | 'base64' | 'base64url'): string {
  return randomBytes(bytes).toString(encoding);
}

/** Cryptographically random bytes drawn from a buffer refilled in bulk (one syscall per `size` bytes, not per byte). */
export class RandomPool {
  private readonly pool: Uint8Array;
  private at: number;

  constructor(size = 4096) {
    this.pool = new Uint8Array(size);
    this.at = size;
  }

  /** A number in [0, 1) in steps of 1/256: the PRNG contract of `ulid`. */
  unit(): number {
    if (this.at === this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    return this.pool[this.at++]! / 256;
  }
}
