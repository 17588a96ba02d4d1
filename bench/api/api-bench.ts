import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/db.ts';
import { api, type ParleyServer, startParley } from '../lib/parley-server.ts';
import { procStats, runJsonChild, spawnTs } from '../lib/processes.ts';
import { dropScratch, scratchDatabase } from '../lib/scratch-db.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { sampleCallIds, seedCalls } from './seed-calls.ts';

export interface ApiBenchOptions {
  calls: number;
  durationS: number;
  connections: number;
  /** GET again at these connection counts: its throughput is read where more connections stop adding requests per second. */
  getConnections: number[];
  stores: ('pglite' | 'postgres')[];
  /** Admin URL of a PostgreSQL server; the bench creates and drops its own scratch database there. */
  postgresAdminUrl: string;
  /** Write V8 CPU profiles of the server (`--cpu-prof`) to this directory. */
  cpuProfDir?: string | undefined;
  log: (line: string) => void;
}

export interface ScenarioResult extends LoadResult {
  name: string;
  /** Absent in results written before stop 35 (the run's `connections`). */
  connections?: number;
  query?: string;
  server_cpu_pct: number;
  /** Requests served per second of server CPU: the throughput one whole core would give, whatever else runs. */
  requests_per_cpu_second: number;
  server_rss_mb: number;
}

export interface StoreResult {
  store: 'pglite' | 'postgres';
  calls: number;
  seed_seconds: number;
  scenarios: ScenarioResult[];
}

const scratchDb = 'parley_bench_api';

/** One load scenario from a separate process, sampling the server's CPU and RSS around it. */
async function runScenario(
  server: ParleyServer,
  name: string,
  spec: LoadSpec,
  extra: { query?: string } = {},
): Promise<ScenarioResult> {
  const file = path.join(os.tmpdir(), `parley-load-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  await fs.writeFile(file, JSON.stringify(spec));
  const pid = server.child.pid!;
  const before = await procStats(pid);
  const t0 = performance.now();
  let peakRss = before.rssBytes;
  const sampler = setInterval(() => {
    procStats(pid)
      .then((s) => {
        peakRss = Math.max(peakRss, s.rssBytes);
      })
      .catch(() => undefined);
  }, 500);
  try {
    const r = await runJsonChild<LoadResult>(spawnTs('bench/api/load.ts', { args: [file] }));
    const after = await procStats(pid);
    const wallMs = performance.now() - t0;
    return {
      name,
      connections: spec.connections,
      ...extra,
      ...r,
      server_cpu_pct: Math.round(((after.cpuMs - before.cpuMs) / wallMs) * 100),
      requests_per_cpu_second: Math.round(r.requests / ((after.cpuMs - before.cpuMs) / 1000)),
      server_rss_mb: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await fs.rm(file, { force: true });
  }
}

/** Open the server's store from this process (the server is stopped: PGlite has one owner at a time). */
function openBenchStore(
  kind: 'pglite' | 'postgres',
  dataDir: string,
  url: string | undefined,
): Promise<Store> {
  return kind === 'pglite'
    ? openStore({ kind: 'pglite', dir: path.join(dataDir, 'pg') })
    : openStore({ kind: 'postgres', url: url! });
}

async function benchStore(kind: 'pglite' | 'postgres', o: ApiBenchOptions): Promise<StoreResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-bench-${kind}-`));
  const databaseUrl = kind === 'postgres' ? await scratchDatabase(o.postgresAdminUrl, scratchDb) : undefined;
  const key = `oi_sk_bench${randomBytes(18).toString('hex')}`;
  try {
    // 1. A fresh server makes the workspace, an agent and a sim number through the API.
    let server = await startParley({ dataDir, databaseUrl, apiKey: key });
    const me = await api<{ workspace_id: string }>(server.url, key, 'GET', '/v1/auth/me');
    const agent = await api<{ id: string }>(server.url, key, 'POST', '/v1/agents', { name: 'Bench agent' });
    const number = await api<{ phone_number: string }>(
      server.url,
      key,
      'POST',
      '/v1/phone-numbers/purchase',
      {
        provider: 'sim',
        agent_id: agent.id,
      },
    );
    await server.stop();

    // 2. Seed the history straight into the store, then sample ids to fetch.
    o.log(`  ${kind}: seeding ${o.calls.toLocaleString('en')} calls…`);
    const store = await openBenchStore(kind, dataDir, databaseUrl);
    const endMs = Date.now() - 3_600_000;
    const seed = await seedCalls(store, {
      orgId: me.workspace_id,
      agentId: agent.id,
      count: o.calls,
      endMs,
      spanMs: 90 * 86_400_000,
    });
    const ids = await sampleCallIds(store, me.workspace_id, 10_000);
    await store.close();
    o.log(`  ${kind}: seeded in ${seed.seconds.toFixed(0)} s`);

    // 3. The measured server (optionally under --cpu-prof).
    const nodeArgs = o.cpuProfDir
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(o.cpuProfDir, `api-${kind}`)}`]
      : [];
    server = await startParley({ dataDir, databaseUrl, apiKey: key, nodeArgs });
    const base = { url: server.url, key, connections: o.connections };
    const scenarios: ScenarioResult[] = [];
    try {
      const scheduledAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const create = { agent_id: agent.id, from_number: number.phone_number, scheduledAt };
      // Each kind of request is warmed up (JIT, caches, pooled connections) before any is measured.
      const warm = { ...base, durationS: 3 };
      await runScenario(server, 'warmup', { ...warm, scenario: 'get', ids });
      await runScenario(server, 'warmup', { ...warm, scenario: 'list', list: { query: '', pages: 25 } });
      await runScenario(server, 'warmup', { ...warm, scenario: 'create', create });
      const run = async (
        name: string,
        spec: Omit<LoadSpec, 'url' | 'key' | 'connections' | 'durationS'>,
        connections = o.connections,
      ) => {
        const query = spec.list?.query;
        const r = await runScenario(
          server,
          name,
          { ...base, connections, durationS: o.durationS, ...spec },
          query === undefined ? {} : { query },
        );
        o.log(
          `  ${kind} ${name}: ${r.requests_per_s} req/s, p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms`,
        );
        scenarios.push(r);
      };
      await run('GET /v1/calls/{id}', { scenario: 'get', ids });
      for (const c of o.getConnections)
        await run(`GET /v1/calls/{id} (${c} connections)`, { scenario: 'get', ids }, c);
      const monthAgo = new Date(endMs - 30 * 86_400_000);
      const windowStart = new Date(monthAgo.getTime() - 7 * 86_400_000).toISOString();
      const lists: [string, string][] = [
        ['GET /v1/calls/cursor (no filter)', ''],
        ['GET /v1/calls/cursor (agent + status)', `agent_id=${seed.agents[1]}&status=completed`],
        [
          'GET /v1/calls/cursor (7-day window + direction)',
          `created_after=${windowStart}&created_before=${monthAgo.toISOString()}&direction=inbound`,
        ],
        ['GET /v1/calls/cursor (outcome)', 'outcome=voicemail'],
      ];
      for (const [name, query] of lists) await run(name, { scenario: 'list', list: { query, pages: 25 } });
      await run('POST /v1/calls (scheduled)', { scenario: 'create', create });
    } finally {
      await server.stop();
    }
    return { store: kind, calls: o.calls, seed_seconds: Math.round(seed.seconds), scenarios };
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') await dropScratch(o.postgresAdminUrl, scratchDb).catch(() => undefined);
  }
}

/** The API bench on each store in turn. */
export async function apiBench(o: ApiBenchOptions): Promise<StoreResult[]> {
  const out: StoreResult[] = [];
  for (const kind of o.stores) out.push(await benchStore(kind, o));
  return out;
}
