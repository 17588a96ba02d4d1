/**
 * The soak's load peer: `count` short inbound Twilio calls one after another (connect, 200 ms of
 * silence, hang up), sampling Parley's RSS and open file descriptors every `every` calls. Prints one
 * JSON line. Usage: tsx bench/capacity/soak-run.ts <spec.json>
 */
import fs from 'node:fs';
import { procStats } from '../lib/processes.ts';
import { round, slope } from '../lib/stats.ts';
import { reference } from '../scenario/reference.ts';
import { settled } from './soak-samples.ts';
import { TwilioCaller, type TwilioLine } from './twilio-caller.ts';

export interface SoakSpec extends TwilioLine {
  count: number;
  every: number;
  serverPid: number;
}

const silence = new Int16Array((reference.sampleRate * reference.frameMs) / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openFds = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as SoakSpec;
  const samples: { calls: number; rss_mb: number; fds: number }[] = [];
  const sample = async (calls: number) => {
    const s = await procStats(spec.serverPid);
    samples.push({ calls, rss_mb: round(s.rssBytes / 2 ** 20, 1), fds: openFds(spec.serverPid) });
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
