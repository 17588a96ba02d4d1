import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './api/app.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import { compose } from './compose.ts';
import { serverEngine } from './compose-engine.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { loadOrCreateSecretKey } from './config/secret-key.ts';
import { PgBossQueue } from './jobs/queue.ts';
import { systemClock } from './lib/clock.ts';
import { createLogger } from './lib/logger.ts';
import { SecretBox } from './lib/secret-box.ts';
import { openStore } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { version } from './version.ts';

/** Composition root: config → store → queue → services → HTTP; one process serves API, docs and media. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, env: config.env });
  await fs.mkdir(config.dataDir, { recursive: true });
  const store = await openStore(config.db);
  const applied = await migrate(store);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const secrets = new SecretBox(await loadOrCreateSecretKey(config.security.secretKey, config.dataDir));
  const queue = new PgBossQueue({ store, onError: (err) => logger.error({ err }, 'job queue error') });
  await queue.start();
  // The call engine: Silero VAD, providers from the platform keys, recordings in the data dir.
  const engine = await serverEngine(config, systemClock);
  const core = await compose({ config, store, queue, logger, clock: systemClock, secrets, version, engine });

  // Recover what a dead process left (calls, post-call jobs, deliveries), then keep watching.
  await core.cluster.start();

  await bootstrapAdmin(core.workspaces, config.dataDir, config.security.bootstrapApiKey, (s) =>
    process.stdout.write(s),
  );

  const app = createApp(core.api);
  const server = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, (info) => {
    logger.info({ port: info.port, store: store.kind, publicUrl: config.http.publicUrl }, 'Parley listening');
    process.stdout.write(`  Parley ${version} on ${config.http.publicUrl}  (API /v1, docs /docs)\n`);
  });
  // Carrier media streams and browser web calls upgrade to WebSockets on the same port.
  core.transports.media.attach(server as Server);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    // Live calls end (server_restart) with their records written before the store closes.
    await core.engine?.runner.close().catch((err) => logger.error({ err }, 'call engine stop failed'));
    core.transports.media.close();
    await core.cluster.stop().catch((err) => logger.error({ err }, 'cluster stop failed'));
    await queue.stop().catch((err) => logger.error({ err }, 'queue stop failed'));
    await store.close().catch((err) => logger.error({ err }, 'store close failed'));
    await engine.close().catch((err) => logger.error({ err }, 'engine close failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
