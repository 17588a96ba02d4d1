import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Parse PARLEY_SECRET_KEY (64 hex chars or base64 of 32 bytes). */
export function parseSecretKey(value: string): Buffer {
  const v = value.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (buf.length !== 32)
    throw new Error('PARLEY_SECRET_KEY must be 32 bytes, as 64 hex characters or base64');
  return buf;
}

/** The 32-byte key for encryption at rest and URL signing: from the env, else `<dataDir>/secret.key` (created 0600). */
export async function loadOrCreateSecretKey(envValue: string | undefined, dataDir: string): Promise<Buffer> {
  if (envValue) return parseSecretKey(envValue);
  const file = path.join(dataDir, 'secret.key');
  try {
    return parseSecretKey(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  await fs
    .writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
    .catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  return parseSecretKey(await fs.readFile(file, 'utf8'));
}
