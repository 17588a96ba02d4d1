import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../src/domain/ids.ts';
import { openStore } from '../../src/store/db.ts';
import { api, freePort, type ParleyServer, startParley } from '../lib/parley-server.ts';
import type { CpuPinning } from '../lib/pinning.ts';
import { repoRoot, runJsonChild, spawnTs, stopChild } from '../lib/processes.ts';
import { dropScratch, scratchDatabase } from '../lib/scratch-db.ts';
import type { DoubleUrls } from './doubles-run.ts';

/** An ElevenLabs voice from the catalogue (the TTS double speaks the ElevenLabs protocol). */
const benchVoice = 'vc_01kdvdna09qc7drhk7f4x8hk96';
const benchNumber = '+14155550199';

/** Start the doubles process and read its URLs. */
async function startDoubles(cpus?: string) {
  const child = spawnTs('bench/capacity/doubles-run.ts', { cpus });
  const urls = await new Promise<DoubleUrls>((resolve, reject) => {
    let buf = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      buf += d;
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) resolve(JSON.parse(line) as DoubleUrls);
    });
    child.once('exit', (code) => reject(new Error(`doubles exited with ${code}`)));
  });
  return { urls, pid: child.pid!, stop: () => stopChild(child) };
}

/** A benched server, with the files its probes write to (`bench/lib/*-probe.mjs`). */
export type BenchServer = ParleyServer & {
  loopProbeFile: string;
  storeProbeFile: string | undefined;
  heapProbeFile: string | undefined;
  mediaProbeFile: string;
};

/** A prepared Twilio bench: the doubles running, a data dir with the agent and the Twilio number. */
export interface TwilioBench {
  /**
   * Start server `node` (0, 1, …: each its own process, node id and port; more than one needs
   * PostgreSQL); `heapProbe` preloads `bench/lib/heap-probe.mjs` with `--expose-gc`.
   */
  start(node?: number, o?: { heapProbe?: boolean }): Promise<BenchServer>;
  line: { accountSid: string; authToken: string; to: string };
  /** The provider doubles' process. */
  doublesPid: number;
  /** Where the doubles tell how late their timers woke. */
  doublesLatenessUrl: string;
  /** The workspace's API key (to read the calls back). */
  key: string;
  close(): Promise<void>;
}

const scratchDb = 'parley_bench_capacity';
const loopProbe = path.join(repoRoot, 'bench', 'lib', 'loop-probe.mjs');
const storeProbe = path.join(repoRoot, 'bench', 'lib', 'store-probe.mjs');
const heapProbe = path.join(repoRoot, 'bench', 'lib', 'heap-probe.mjs');
const mediaProbe = path.join(repoRoot, 'bench', 'lib', 'media-probe.mjs');

/**
 * Doubles up, then a first server makes the agent through the API; the number and limits go
 * straight into the store: the embedded one, or a scratch database on `postgresAdminUrl`.
 */
export async function prepareTwilioBench(postgresAdminUrl?: string, pin?: CpuPinning): Promise<TwilioBench> {
  const doubles = await startDoubles(pin?.rest);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-bench-capacity-'));
  const databaseUrl = postgresAdminUrl ? await scratchDatabase(postgresAdminUrl, scratchDb) : undefined;
  const key = `oi_sk_bench${randomBytes(18).toString('hex')}`;
  const twilio = {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  };
  const env = {
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: doubles.urls.openai,
    DEEPGRAM_API_KEY: 'dg-bench',
    DEEPGRAM_BASE_URL: doubles.urls.deepgram,
    ELEVENLABS_API_KEY: 'el-bench',
    ELEVENLABS_BASE_URL: doubles.urls.elevenlabs,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    // Nothing listens there: Parley's REST calls to Twilio (hang-up after the caller left) fail fast.
    TWILIO_API_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    // One key for every node, so any node reads what another sealed.
    PARLEY_SECRET_KEY: randomBytes(32).toString('hex'),
  };
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean);
  const start = async (node = 0, o: { heapProbe?: boolean } = {}) => {
    if (node > 0 && !databaseUrl) throw new Error('several server nodes need PostgreSQL (--stores postgres)');
    const dir = node === 0 ? dataDir : path.join(dataDir, `node-${node}`);
    await fs.mkdir(dir, { recursive: true });
    const loopProbeFile = path.join(dir, 'loop-probe.json');
    // On the embedded store, a probe in PGlite's thread times each statement.
    const storeProbeFile = databaseUrl ? undefined : path.join(dir, 'store-probe.json');
    const heapProbeFile = o.heapProbe ? path.join(dir, 'heap-probe.json') : undefined;
    const mediaProbeFile = path.join(dir, 'media-probe.json');
    const server = await startParley({
      dataDir: dir,
      databaseUrl,
      apiKey: key,
      env: {
        ...env,
        PARLEY_NODE_ID: `bench-node-${node}`,
        LOOP_PROBE_FILE: loopProbeFile,
        MEDIA_PROBE_FILE: mediaProbeFile,
        ...(storeProbeFile ? { STORE_PROBE_FILE: storeProbeFile } : {}),
        ...(heapProbeFile ? { HEAP_PROBE_FILE: heapProbeFile } : {}),
      },
      nodeArgs: [
        '--import',
        loopProbe,
        '--import',
        mediaProbe,
        ...(storeProbeFile ? ['--import', storeProbe] : []),
        ...(heapProbeFile ? ['--expose-gc', '--import', heapProbe] : []),
        ...(nodeArgs ?? []),
      ],
      logFile: process.env.BENCH_SERVER_LOG,
      cpus: pin?.server,
    });
    return { ...server, loopProbeFile, storeProbeFile, heapProbeFile, mediaProbeFile };
  };
  const close = async () => {
    await doubles.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    if (postgresAdminUrl) await dropScratch(postgresAdminUrl, scratchDb).catch(() => undefined);
  };
  try {
    const server = await start();
    const me = await api<{ workspace_id: string }>(server.url, key, 'GET', '/v1/auth/me');
    const agent = await api<{ id: string }>(server.url, key, 'POST', '/v1/agents', {
      name: 'Bench host',
      first_message: '',
      responsiveness: 0.5,
      interruption_sensitivity: 0.5,
      enable_recording: false,
      transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
      tts: { provider: 'elevenlabs', voice_id: benchVoice },
    });
    await server.stop();
    const store = await openStore(
      databaseUrl
        ? { kind: 'postgres', url: databaseUrl }
        : { kind: 'pglite', dir: path.join(dataDir, 'pg') },
    );
    await store.query(
      `INSERT INTO phone_numbers (id, org_id, phone_number, provider, agent_id) VALUES ($1, $2, $3, 'twilio', $4)`,
      [newId('phoneNumber'), me.workspace_id, benchNumber, agent.id],
    );
    await store.query(
      'UPDATE workspaces SET max_concurrent_calls = 100000, max_calls_per_day = 100000000 WHERE id = $1',
      [me.workspace_id],
    );
    await store.close();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    start,
    line: { ...twilio, to: benchNumber },
    doublesPid: doubles.pid,
    doublesLatenessUrl: doubles.urls.lateness,
    key,
    close,
  };
}

/** Start `nodes` servers together; if one fails, stop the others and throw. */
export async function startNodes(bench: TwilioBench, nodes: number): Promise<BenchServer[]> {
  const started = await Promise.allSettled(Array.from({ length: nodes }, (_, n) => bench.start(n)));
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  if (!failed) return servers;
  await Promise.all(servers.map((s) => s.stop()));
  throw failed.reason;
}

/** Write `spec` to a temp file, run a load-peer entry on it, parse its JSON line. */
export async function runPeerWith<T>(entry: string, spec: unknown, cpus?: string): Promise<T> {
  const file = path.join(os.tmpdir(), `parley-load-${randomBytes(4).toString('hex')}.json`);
  await fs.writeFile(file, JSON.stringify(spec));
  try {
    return await runJsonChild<T>(spawnTs(entry, { args: [file], cpus }));
  } finally {
    await fs.rm(file, { force: true });
  }
}
