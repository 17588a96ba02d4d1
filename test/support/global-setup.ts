import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/db.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** Build one migrated PGlite data dir per migration set, so each test file loads it in ~1 s instead of running initdb. */
export default async function setup(project: TestProject) {
  const migrations = await listMigrations();
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
  const dir = path.resolve('node_modules/.cache/parley-test');
  const file = path.join(dir, `pglite-${hash}.tar.gz`);
  try {
    await fs.access(file);
  } catch {
    await fs.mkdir(dir, { recursive: true });
    const store = await openStore({ kind: 'pglite' });
    await migrate(store, migrations);
    const dump = await store.pglite!.dumpDataDir('gzip');
    await store.close();
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await fs.rename(tmp, file);
  }
  project.provide('pgliteTemplate', file);
}
