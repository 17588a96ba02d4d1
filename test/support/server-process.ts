import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { testDatabaseUrl } from './harness.ts';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A throwaway PostgreSQL database when TEST_DATABASE_URL is set (dropped by the returned function). */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!testDatabaseUrl) return undefined;
  const name = `parley_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Run `npm start`'s entry (src/main.ts) as a child process and wait until /health answers. The free
 * port can be taken by another process before the server binds it: then it starts again on another.
 */
export async function startServer(
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(env);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof PortTakenError)) throw e;
    }
  }
}

class PortTakenError extends Error {}

async function startOnFreePort(
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PARLEY_PUBLIC_URL: url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) {
      const message = `server exited ${proc.exitCode}: ${out}`;
      throw out.includes('EADDRINUSE') ? new PortTakenError(message) : new Error(message);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, url, output: () => out };
}

/** Kill the process and wait for it to be gone. */
export async function kill(proc: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

/**
 * Give a data dir the migrated PGlite store of the test template, so a server started on it skips
 * initdb (several seconds on a busy machine); the server applies any newer migrations itself.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  const template = await fs.readFile(inject('pgliteTemplate'));
  const store = await openStore({
    kind: 'pglite',
    dir: path.join(dataDir, 'pg'),
    loadDataDir: new Blob([template]),
  });
  await store.close();
}
