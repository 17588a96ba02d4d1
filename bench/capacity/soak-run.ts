/**
 * The soak's load peer: `count` short inbound Twilio calls one after another (connect, 200 ms of
 * silence, hang up), sampling the live heaps of Parley's threads after a full collection (`bench/lib/heap-probe.mjs`),
 * RSS and open file descriptors every `every` calls. Prints one JSON line.
 * Usage: tsx bench/capacity/soak-run.ts <spec.json>
 */
import fs from 'node:fs';
import { procStats } from '../lib/processes.ts';
import { round, slope } from '../lib/stats.ts';
import { reference } from '../scenario/reference.ts';
import { type HeapReading, type SoakSample, settled } from './soak-samples.ts';
import { TwilioCaller, type TwilioLine } from './twilio-caller.ts';

export interface SoakSpec extends TwilioLine {
  count: number;
  every: number;
  serverPid: number;
  /** Where the server's heap probe answers SIGWINCH. */
  heapProbeFile: string;
}

const silence = new Int16Array((reference.sampleRate * reference.frameMs) / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openFds = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

/** Ask the server's heap probe for reading `seq` (a full collection, then the live heap) and wait for it. */
async function heapReading(spec: SoakSpec, seq: number): Promise<HeapReading> {
  process.kill(spec.serverPid, 'SIGWINCH');
  for (let waited = 0; waited < 30_000; waited += 20) {
    await sleep(20);
    const text = fs.existsSync(spec.heapProbeFile) ? fs.readFileSync(spec.heapProbeFile, 'utf8') : '';
    const r = text ? (JSON.parse(text) as HeapReading & { seq: number }) : undefined;
    if (r && r.seq === seq) return r;
  }
  throw new Error(`the server's heap probe did not answer reading ${seq} within 30 s`);
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as SoakSpec;
  const samples: Required<SoakSample>[] = [];
  const sample = async (calls: number) => {
    const h = await heapReading(spec, samples.length + 1);
    const s = await procStats(spec.serverPid);
    samples.push({
      calls,
      rss_mb: round(s.rssBytes / 2 ** 20, 1),
      heap_mb: h.heap_used_mb,
      external_mb: h.external_mb,
      workers_heap_mb: h.workers_heap_used_mb,
      workers_external_mb: h.workers_external_mb,
      fds: openFds(spec.serverPid),
    });
  };
  await sample(0);
  let failed = 0;
  const t0 = performance.now();
  for (let i = 0; i < spec.count; i++) {
    const caller = new TwilioCaller(i, spec, []);
    try {
      await caller.connect();
      for (let f = 0; f < 10; f++) {
        caller.sendFrame(silence);
        await sleep(reference.frameMs);
      }
    } catch {
      failed++;
    }
    caller.hangup();
    if ((i + 1) % spec.every === 0) await sample(i + 1);
  }
  // Let the last calls finish ending before the final reading.
  await sleep(3000);
  await sample(spec.count);
  const { x, tail } = settled(samples);
  process.stdout.write(
    `${JSON.stringify({
      calls: spec.count,
      failed,
      seconds: round((performance.now() - t0) / 1000, 0),
      rss_mb_per_1000_calls: round(
        slope(
          x,
          tail.map((s) => s.rss_mb),
        ),
        2,
      ),
      heap_mb_per_1000_calls: round(
        slope(
          x,
          tail.map((s) => s.heap_mb),
        ),
        2,
      ),
      workers_heap_mb_per_1000_calls: round(
        slope(
          x,
          tail.map((s) => s.workers_heap_mb),
        ),
        2,
      ),
      fds_per_1000_calls: round(
        slope(
          x,
          tail.map((s) => s.fds),
        ),
        2,
      ),
      first: samples[0],
      last: samples[samples.length - 1],
      samples,
    })}\n`,
  );
  process.exit(0);
}

await main();
