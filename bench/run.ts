/**
 * `npm run bench [-- <part>…] [--quick] [--profile] [--steps …] [--peer-steps …] [--split-steps …] [--runs n] [--stores pglite,postgres] [--connections n] [--get-connections n,…] [--nodes n] [--pin]` —
 * parts: api, engine, capacity, capacity-2-nodes (`capacity --nodes 2`), capacity-pinned
 * (`capacity --pin`), soak (default: all six, every section of docs/benchmarks.md, ≈ 2 h), doc
 * (refresh docs/benchmarks.md from the latest results). Writes bench/results/<name>.json and .md;
 * never part of `npm test`.
 */

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiBench } from './api/api-bench.ts';
import { apiMarkdown } from './api/api-report.ts';
import { capacityBench } from './capacity/capacity-bench.ts';
import { soakBench } from './capacity/soak-bench.ts';
import { engineBench, ratiosOf, type SideBySide } from './engine/engine-bench.ts';
import { updateDocSection } from './lib/doc-section.ts';
import { calibrateHost } from './lib/machine.ts';
import { type CpuPinning, pinningFor } from './lib/pinning.ts';
import { resultsDir, withFooter, writeResult } from './lib/results.ts';
import { writeEngineChart, writeTwilioChart } from './peers/charts.ts';
import { capacityMarkdown, engineMarkdown, soakMarkdown } from './peers/peer-report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    calls: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'get-connections': { type: 'string' },
    stores: { type: 'string' },
    steps: { type: 'string' },
    runs: { type: 'string' },
    nodes: { type: 'string' },
    pin: { type: 'boolean', default: false },
    'peer-steps': { type: 'string' },
    'split-steps': { type: 'string' },
  },
});

const parts = positionals.length
  ? positionals
  : ['api', 'engine', 'capacity', 'capacity-2-nodes', 'capacity-pinned', 'soak'];
const log = (line: string) => process.stdout.write(`${line}\n`);
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const profileDir = values.profile ? path.join(resultsDir, 'profiles') : undefined;
const postgresAdminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function runApi() {
  const durationS = num(values.duration, values.quick ? 5 : 15);
  const connections = num(values.connections, 10);
  const getConnections = (values['get-connections'] ?? (values.quick ? '32' : '32,64'))
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (getConnections.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error(
      `--get-connections takes positive whole numbers, comma-separated: ${values['get-connections']}`,
    );
  const stores = (values.stores ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
  log(`api: ${stores.join(' + ')}`);
  const results = await apiBench({
    calls: num(values.calls, values.quick ? 50_000 : 1_000_000),
    durationS,
    connections,
    getConnections,
    stores,
    postgresAdminUrl,
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

const steps = (fallback: string) => (values.steps ?? fallback).split(',').map(Number);
/** Past the default steps a part goes on doubling N until broken, up to `cap`; explicit `--steps` or `--quick` run just those. */
const untilBroken = (cap: number) => (values.steps || values.quick ? undefined : cap);
const runs = () => num(values.runs, values.quick ? 1 : 2);

const parleySteps = '1,10,25,50,100,200,400,800';
const peerSteps = '1,10,25,50';
/** Where the engine also runs split over two processes: where one process's loop is busy enough to matter. */
const splitSteps = '200,400,800';

/** Parley's engine and LiveKit Agents on the reference scenario, alternating runs at each N. */
async function runEngine() {
  log('engine: Parley vs LiveKit Agents 1.9.0 (reference scenario, one process each, N calls)');
  const quick = values.quick;
  const r = await engineBench({
    parleySteps: steps(quick ? '1,10,50' : parleySteps),
    peerSteps: (values['peer-steps'] ?? (quick ? '1,10' : peerSteps)).split(',').map(Number),
    splitSteps: (values['split-steps'] ?? (quick ? '50' : splitSteps)).split(',').filter(Boolean).map(Number),
    processes: 2,
    untilBrokenCap: untilBroken(3200),
    runs: runs(),
    log,
  });
  const md = engineMarkdown(r);
  log(`engine: wrote ${await writeResult('engine', r, md)}`);
  await writeEngineChart(r);
}

/**
 * Parley over the Twilio Media Streams protocol: load peer, doubles and server in separate processes;
 * `variant` fixes the node count or the pinning (the named parts), else the flags choose.
 */
async function runCapacity(variant: { nodes?: number; pin?: boolean } = {}) {
  const nodes = variant.nodes ?? num(values.nodes, 1);
  const stores = (values.stores ?? (nodes > 1 ? 'postgres' : 'pglite,postgres')).split(',') as (
    | 'pglite'
    | 'postgres'
  )[];
  if (nodes > 1 && stores.includes('pglite')) throw new Error('--nodes above 1 needs --stores postgres');
  const pin = (variant.pin ?? values.pin) ? pinningFor(os.cpus().length) : undefined;
  for (const store of stores) {
    log(
      `capacity: inbound Twilio calls over Media Streams on loopback (${store}, ${nodes} node(s)${pin ? `, server on CPU ${pin.server}, the rest on CPU ${pin.rest}` : ''})`,
    );
    const { points, failures } = await capacityBench({
      steps: steps(values.quick ? '1,10' : '1,25,50,100,200'),
      untilBrokenCap: untilBroken(1600),
      runs: num(values.runs, 1),
      postgresAdminUrl: store === 'postgres' ? postgresAdminUrl : undefined,
      nodes,
      pin,
      log,
    });
    const md = capacityMarkdown(points, failures, store, os.cpus().length, nodes, pin);
    const name = capacityName(store, nodes, pin);
    log(`capacity: wrote ${await writeResult(name, { store, nodes, pin, points, failures }, md)}`);
  }
  await writeTwilioChart();
}

/** capacity, capacity-postgres, capacity-postgres-2-nodes, capacity-pinned, … */
const capacityName = (store: 'pglite' | 'postgres', nodes: number, pin?: CpuPinning) =>
  `capacity${store === 'postgres' ? '-postgres' : ''}${nodes > 1 ? `-${nodes}-nodes` : ''}${pin ? '-pinned' : ''}`;

/** 10 000 sequential short Twilio calls: is memory flat? */
async function runSoak() {
  const count = num(values.calls, values.quick ? 500 : 10_000);
  log(`soak: ${count} sequential short Twilio calls`);
  const r = await soakBench({ count, log });
  log(`soak: wrote ${await writeResult('soak', r, soakMarkdown(r))}`);
}

/** Rebuild the summaries from the latest bench/results/*.json into docs/benchmarks.md (measures nothing). */
async function runDoc() {
  const read = async (name: string) =>
    JSON.parse(await fs.readFile(path.join(resultsDir, `${name}.json`), 'utf8').catch(() => 'null'));
  const publish = async (name: string, json: unknown, markdown: (j: never) => string) => {
    if (!json) return;
    const md = withFooter(markdown(json as never), json as Parameters<typeof withFooter>[1]);
    await fs.writeFile(path.join(resultsDir, `${name}.md`), md);
    if (await updateDocSection(name, md)) log(`doc: ${name} section updated`);
  };
  await publish('api', await read('api'), (j: { stores: never; duration_s: number; connections: number }) =>
    apiMarkdown(j.stores, { durationS: j.duration_s, connections: j.connections }),
  );
  // Ratios are recomputed (and saved) so the results always follow the current definitions.
  const engine = (await read('engine')) as (SideBySide & Record<string, unknown>) | null;
  if (engine) {
    engine.ratios = ratiosOf(engine.parley, engine.livekit);
    await fs.writeFile(path.join(resultsDir, 'engine.json'), `${JSON.stringify(engine, null, 2)}\n`);
  }
  await publish('engine', engine, engineMarkdown);
  if (engine) await writeEngineChart(engine);
  await writeTwilioChart();
  const pinned = pinningFor(2);
  for (const name of [
    'capacity',
    'capacity-postgres',
    capacityName('postgres', 2),
    capacityName('pglite', 1, pinned),
    capacityName('postgres', 1, pinned),
  ])
    await publish(
      name,
      await read(name),
      (j: {
        points: never;
        failures?: never;
        store?: 'pglite' | 'postgres';
        nodes?: number;
        pin?: CpuPinning;
        machine: { cores: number };
      }) =>
        capacityMarkdown(
          j.points,
          j.failures ?? [],
          j.store ?? 'pglite',
          j.machine.cores,
          j.nodes ?? 1,
          j.pin,
        ),
    );
  await publish('soak', await read('soak'), soakMarkdown);
}

const runners: Record<string, () => Promise<void>> = {
  api: runApi,
  engine: runEngine,
  capacity: () => runCapacity(),
  'capacity-2-nodes': () => runCapacity({ nodes: 2 }),
  'capacity-pinned': () => runCapacity({ pin: true }),
  soak: runSoak,
  doc: runDoc,
};

if (parts.some((p) => p !== 'doc')) {
  const speed = await calibrateHost();
  log(
    `host: ${speed.js_ns_per_iter} ns per JS loop iteration, ${speed.syscall_us} µs per write(2), ${speed.memory_ns_per_read} ns per random memory read, ${speed.loopback_rtt_us} µs per loopback TCP round trip`,
  );
}
for (const part of parts) {
  const run = runners[part];
  if (!run) throw new Error(`unknown bench part "${part}" (known: ${Object.keys(runners).join(', ')})`);
  await run();
}
