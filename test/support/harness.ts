import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { inject } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Core, compose } from '../../src/compose.ts';
import type { EngineInput } from '../../src/compose-engine.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { CallLauncher } from '../../src/domain/call/call-launcher.ts';
import { ManualJobQueue } from '../../src/jobs/manual-queue.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secret-box.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { version } from '../../src/version.ts';

/** A Parley app over a real store: PGlite from the migrated template, or PostgreSQL when TEST_DATABASE_URL is set. */
export interface Harness {
  core: Core;
  store: Store;
  queue: ManualJobQueue;
  clock: ManualClock;
  app: ReturnType<typeof createApp>;
  /** The default workspace's admin key. */
  adminKey: string;
  orgId: string;
  /** Send a request with a key (default: the admin key); `body` objects are JSON-encoded. */
  request(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  /** JSON convenience: returns status and parsed body. */
  json<T = any>(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** A fresh workspace with its own secret key (tests isolate by workspace). */
  newWorkspace(name?: string): Promise<{ orgId: string; key: string }>;
  close(): Promise<void>;
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

async function openTestStore(): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (testDatabaseUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ kind: 'postgres', url: testDatabaseUrl, schema, poolSize: 4 });
    await migrate(store);
    return {
      store,
      drop: async () => {
        await store.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await store.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`).catch(() => undefined);
      },
    };
  }
  const template = await fs.readFile(inject('pgliteTemplate'));
  const store = await openStore({ kind: 'pglite', loadDataDir: new Blob([template]) });
  await migrate(store);
  return { store, drop: async () => {} };
}

export async function createHarness(
  opts: { env?: Record<string, string>; engine?: EngineInput; callLauncher?: CallLauncher } = {},
): Promise<Harness> {
  const { store, drop } = await openTestStore();
  const config = loadConfig({ PARLEY_DATA_DIR: '/tmp/parley-test-unused', NODE_ENV: 'test', ...opts.env });
  const queue = new ManualJobQueue();
  const clock = new ManualClock(Date.now());
  const secrets = new SecretBox(randomBytes(32));
  const core = await compose({
    config,
    store,
    queue,
    logger: silentLogger(),
    clock,
    secrets,
    version,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.callLauncher ? { callLauncher: opts.callLauncher } : {}),
  });
  const boot = await core.workspaces.bootstrap();
  const app = createApp(core.api);
  const adminKey = boot!.apiKey;

  const request: Harness['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const key = o.key === undefined ? adminKey : o.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: BodyInit | undefined;
    if (o.body !== undefined) {
      if (typeof o.body === 'string' || o.body instanceof FormData || o.body instanceof Uint8Array)
        body = o.body as BodyInit;
      else {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  };

  return {
    core,
    store,
    queue,
    clock,
    app,
    adminKey,
    orgId: boot!.workspace.id,
    request,
    json: async (method, path, o) => {
      const res = await request(method, path, o);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    newWorkspace: async (name = 'test') => {
      const { workspace, apiKey } = await core.workspaces.createWorkspace(name);
      return { orgId: workspace.id, key: apiKey };
    },
    close: async () => {
      await drop();
      await store.close();
    },
  };
}
