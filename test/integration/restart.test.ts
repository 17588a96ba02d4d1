import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill, scratchDatabase, startServer } from '../support/server-process.ts';

let dataDir: string;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-restart-'));
  db = await scratchDatabase();
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('npm start on a fresh store, killed with SIGKILL and restarted', () => {
  it('bootstraps an admin key once and loses nothing stored', { timeout: 180_000 }, async () => {
    const env = { PARLEY_DATA_DIR: dataDir, ...(db ? { DATABASE_URL: db.url } : {}) };
    const first = await startServer(env);
    const key = (await fs.readFile(path.join(dataDir, 'admin-key'), 'utf8')).trim();
    expect(key).toMatch(/^oi_sk_/);
    expect(first.output()).toContain(key);
    expect((await fs.stat(path.join(dataDir, 'admin-key'))).mode & 0o777).toBe(0o600);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/v1/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Survivor' }),
    });
    expect(created.status).toBe(201);
    const agent = (await created.json()) as { id: string; llm_id: string };
    const patched = await fetch(`${first.url}/v1/agents/${agent.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ first_message: 'still here' }),
    });
    expect(patched.status).toBe(200);
    await kill(first.proc, 'SIGKILL');

    const second = await startServer(env);
    try {
      expect(second.output()).not.toContain('admin API key');
      const got = await fetch(`${second.url}/v1/agents/${agent.id}`, { headers });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({
        id: agent.id,
        name: 'Survivor',
        first_message: 'still here',
        llm_id: agent.llm_id,
      });
      const model = await fetch(`${second.url}/v1/models/${agent.llm_id}`, { headers });
      expect(model.status).toBe(200);
    } finally {
      await kill(second.proc, 'SIGTERM');
    }
  });
});
