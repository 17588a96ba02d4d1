/**
 * `npm run bench [-- <part>…] [--quick] [--profile]` — parts: api, peer, capacity, soak (default: all).
 * Writes bench/results/<part>.json and .md; never part of `npm test`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiBench } from './api/api-bench.ts';
import { apiMarkdown } from './api/api-report.ts';
import { resultsDir, writeResult } from './lib/results.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    calls: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    stores: { type: 'string' },
  },
});

const parts = positionals.length ? positionals : ['api', 'peer', 'capacity', 'soak'];
const log = (line: string) => process.stdout.write(`${line}\n`);
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const profileDir = values.profile ? path.join(resultsDir, 'profiles') : undefined;

async function runApi() {
  const durationS = num(values.duration, values.quick ? 5 : 15);
  const connections = num(values.connections, 10);
  const stores = (values.stores ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
  log(`api: ${stores.join(' + ')}`);
  const results = await apiBench({
    calls: num(values.calls, values.quick ? 50_000 : 1_000_000),
    durationS,
    connections,
    stores,
    postgresAdminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    cpuProfDir: profileDir,
    log,
  });
  const file = await writeResult(
    'api',
    { duration_s: durationS, connections, stores: results },
    apiMarkdown(results, { durationS, connections }),
  );
  log(`api: wrote ${file}`);
}

const runners: Record<string, () => Promise<void>> = { api: runApi };

for (const part of parts) {
  const run = runners[part];
  if (!run) throw new Error(`unknown bench part "${part}" (known: ${Object.keys(runners).join(', ')})`);
  await run();
}
