/**
 * The load peer: N inbound Twilio calls to a running Parley from this separate process, each the
 * scripted caller over Media Streams; samples Parley's CPU and RSS from /proc meanwhile. Prints one
 * JSON line. Usage: tsx bench/capacity/load-peer-run.ts <spec.json>
 */
import fs from 'node:fs';
import { rm } from 'node:fs/promises';
import { busiestThreadMs, machineBusyMs, procStats, runQueueWaitMs, threadCpuMs } from '../lib/processes.ts';
import { round, summarize } from '../lib/stats.ts';
import { bargeSentence, callerSentences } from '../scenario/caller-audio.ts';
import { configuredPathMs, summarizeScripts } from '../scenario/caller-script.ts';
import { ProcessMeter } from '../scenario/turn-metrics.ts';
import { readDoublesLateness } from './doubles-lateness.ts';
import { handoffSummary, readMediaProbes } from './handoff.ts';
import { ServerLoops } from './server-loops.ts';
import { StoreProbe } from './store-statements.ts';
import { TwilioCaller, type TwilioLine } from './twilio-caller.ts';

export interface LoadPeerSpec extends Omit<TwilioLine, 'serverUrl'> {
  /** The server nodes' public URLs; call i rings node i mod n, as a load balancer would spread them. */
  serverUrls: string[];
  calls: number;
  /** The server nodes' processes, whose CPU and RSS are summed. */
  serverPids: number[];
  /** Where each node's event-loop probe writes its delay (`bench/lib/loop-probe.mjs`), by node. */
  loopProbeFiles: string[];
  /** Where each node's media probe writes its replies' first sends (`bench/lib/media-probe.mjs`), by node. */
  mediaProbeFiles: string[];
  /** On the embedded store: where its statement probe writes (`bench/lib/store-probe.mjs`). */
  storeProbeFile?: string | undefined;
  /** The provider doubles' process, whose CPU is reported beside the server's. */
  doublesPid: number;
  /** Where the doubles tell how late their timers woke (`doubles-lateness.ts`). */
  doublesLatenessUrl: string;
  /** Parley's endpointing wait for the bench agent. */
  endpointingMs: number;
}

/** CPU and RSS of the server nodes together. */
async function serverStats(pids: readonly number[]): Promise<{ cpuMs: number; rssBytes: number }> {
  const each = await Promise.all(pids.map(procStats));
  return {
    cpuMs: each.reduce((a, s) => a + s.cpuMs, 0),
    rssBytes: each.reduce((a, s) => a + s.rssBytes, 0),
  };
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadPeerSpec;
  const sentences = await callerSentences();
  const barge = await bargeSentence();
  const loop = new ServerLoops(spec.serverPids, spec.loopProbeFiles);
  // The media probes' window is the loop probes' (SIGUSR2); drop what an earlier run left.
  await Promise.all(spec.mediaProbeFiles.map((f) => rm(f, { force: true })));
  await loop.start();
  const store = spec.storeProbeFile ? new StoreProbe(spec.storeProbeFile) : undefined;
  await store?.start();
  const before = await serverStats(spec.serverPids);
  const doublesBefore = await procStats(spec.doublesPid);
  const machineBefore = await machineBusyMs();
  const threadsBefore = await Promise.all(spec.serverPids.map(threadCpuMs));
  const loopWaitBefore = await Promise.all(spec.serverPids.map((pid) => runQueueWaitMs(pid)));
  await readDoublesLateness(spec.doublesLatenessUrl);
  const t0 = performance.now();
  let peakRss = before.rssBytes;
  const sampler = setInterval(() => {
    serverStats(spec.serverPids)
      .then((s) => {
        peakRss = Math.max(peakRss, s.rssBytes);
      })
      .catch(() => undefined);
  }, 1000);
  const meter = new ProcessMeter();
  meter.start();
  const callers: TwilioCaller[] = [];
  let failed = 0;
  const spreadMs = Math.max(3000, spec.calls * 10);
  await Promise.all(
    Array.from({ length: spec.calls }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * spreadMs) / spec.calls));
      const line = { ...spec, serverUrl: spec.serverUrls[i % spec.serverUrls.length]! };
      const caller = new TwilioCaller(i, line, sentences, barge);
      try {
        await caller.connect();
      } catch (e) {
        failed++;
        if (failed <= 3) process.stderr.write(`call ${i} failed to connect: ${(e as Error).message}\n`);
        return;
      }
      callers.push(caller);
      await caller.script.run();
      caller.hangup();
    }),
  );
  const peer = meter.stop();
  const doublesLate = await readDoublesLateness(spec.doublesLatenessUrl);
  clearInterval(sampler);
  const after = await serverStats(spec.serverPids);
  const doublesAfter = await procStats(spec.doublesPid);
  const machineAfter = await machineBusyMs();
  const threadsAfter = await Promise.all(spec.serverPids.map(threadCpuMs));
  const loopWaitAfter = await Promise.all(spec.serverPids.map((pid) => runQueueWaitMs(pid)));
  const loopDelay = await loop.stop();
  const media = await readMediaProbes(spec.mediaProbeFiles);
  const storeWork = await store?.stop();
  const wall = performance.now() - t0;
  const pct = (ms: number) => round((ms / wall) * 100, 1);
  const summary = summarizeScripts(
    callers.map((c) => c.script),
    spec.endpointingMs,
  );
  const mb = (b: number) => round(b / 2 ** 20, 1);
  process.stdout.write(
    `${JSON.stringify({
      calls: spec.calls,
      connect_failures: failed,
      endpointing_ms: spec.endpointingMs,
      ...summary,
      cpu_pct_of_one_core: pct(after.cpuMs - before.cpuMs),
      rss_mb_avg: mb(peakRss),
      rss_mb_peak: mb(peakRss),
      rss_mb_before: mb(before.rssBytes),
      rss_mb_per_call: round((peakRss - before.rssBytes) / 2 ** 20 / spec.calls, 2),
      // With several nodes, the worst node's.
      event_loop_delay_p99_ms: Math.max(...loopDelay.map((d) => d.p99_ms)),
      load_peer: peer,
      ...(media
        ? {
            handoff: handoffSummary(
              callers.map((c) => ({ streamSid: c.streamSid, turns: c.script.turns })),
              media,
              configuredPathMs(spec.endpointingMs),
              performance.timeOrigin,
            ),
          }
        : {}),
      doubles_late: doublesLate,
      ...(storeWork ? { store: storeWork } : {}),
      // Connected callers only: each timed its voice webhook and its stream's opening.
      setup: {
        webhook_ms: summarize(callers.flatMap((c) => c.webhookMs ?? [])),
        stream_open_ms: summarize(callers.flatMap((c) => c.streamOpenMs ?? [])),
      },
      cpu_split: {
        load_peer: peer.cpu_pct_of_one_core,
        doubles: pct(doublesAfter.cpuMs - doublesBefore.cpuMs),
        machine: pct(machineAfter - machineBefore),
        // With several nodes, the busiest event loop of them (each node has its own).
        server_busiest_thread: pct(
          Math.max(...threadsAfter.map((t, n) => busiestThreadMs(threadsBefore[n]!, t))),
        ),
        // The main thread (tid = pid) is the event loop; with several nodes, the longest wait of them.
        server_loop_wait: pct(Math.max(...loopWaitAfter.map((w, n) => w - loopWaitBefore[n]!))),
      },
    })}\n`,
  );
  process.exit(0);
}

await main();
