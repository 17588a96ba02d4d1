import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill, scratchDatabase, startServer } from '../support/server-process.ts';

const run = promisify(execFile);
let dataDir: string;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
let env: Record<string, string>;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-cli-'));
  db = await scratchDatabase();
  env = { PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(db ? { DATABASE_URL: db.url } : {}) };
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const cli = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], {
    env: { ...process.env, ...env, ...extra },
  });

describe('npm run cli', () => {
  it('creates workspaces and keys directly on the store, then through a running server', {
    timeout: 180_000,
  }, async () => {
    const created = await cli(['workspaces', 'create', 'Acme', '--json']);
    const ws = JSON.parse(created.stdout) as { id: string; api_key: string };
    expect(ws.id).toMatch(/^org_/);
    expect(ws.api_key).toMatch(/^oi_sk_/);
    // The direct path also bootstraps the default workspace and admin key, so the server has an admin.
    const adminKey = (await fs.readFile(path.join(dataDir, 'admin-key'), 'utf8')).trim();

    const server = await startServer(env);
    try {
      const listed = await cli(['workspaces', 'list', '--url', server.url]);
      expect(listed.stdout).toContain('Acme');
      expect(listed.stdout).toContain('default');
      const key = JSON.parse(
        (await cli(['keys', 'create', '--workspace', ws.id, '--name', 'ops', '--json', '--url', server.url]))
          .stdout,
      );
      const me = await fetch(`${server.url}/v1/auth/me`, { headers: { authorization: `Bearer ${key.key}` } });
      expect(await me.json()).toMatchObject({ workspace_id: ws.id, workspace_name: 'Acme' });
      const bad = await cli(['workspaces', 'list', '--url', server.url, '--key', 'oi_sk_wrong']).catch(
        (e) => e,
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('401');
      expect(adminKey).toMatch(/^oi_sk_/);
    } finally {
      await kill(server.proc, 'SIGTERM');
    }
  });
});
