import fs from 'node:fs/promises';
import { bootstrapAdmin } from '../bootstrap.ts';
import { compose } from '../compose.ts';
import type { Config } from '../config/config.ts';
import { loadOrCreateSecretKey } from '../config/secret-key.ts';
import { PgBossQueue } from '../jobs/queue.ts';
import { systemClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { SecretBox } from '../lib/secret-box.ts';
import { openStore } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { version } from '../version.ts';

/** Open the store directly (no server running): migrations applied, services composed, queue not started. */
export async function openDirect(config: Config) {
  await fs.mkdir(config.dataDir, { recursive: true });
  const store = await openStore(config.db);
  const applied = await migrate(store);
  const secrets = new SecretBox(await loadOrCreateSecretKey(config.security.secretKey, config.dataDir));
  const queue = new PgBossQueue({ store });
  const core = await compose({
    config,
    store,
    queue,
    logger: silentLogger(),
    clock: systemClock,
    secrets,
    version,
  });
  await bootstrapAdmin(core.workspaces, config.dataDir, config.security.bootstrapApiKey, (t) =>
    process.stderr.write(t),
  );
  return { core, applied, close: () => store.close() };
}
