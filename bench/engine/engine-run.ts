/**
 * Parley's engine under the reference scenario, like the peer runner: one process, N CallSessions
 * with in-process reference STT/LLM/TTS, Silero VAD, and an in-process phone line; prints one JSON line.
 * Usage: tsx bench/engine/engine-run.ts <calls> [--raw] [--start-at=<epoch ms>]
 * (`--raw`: the per-turn records instead of their summary, for a run split over processes: engine-shards.ts).
 */
import { EventEmitter } from 'node:events';
import { systemClock } from '../../src/lib/clock.ts';
import type { CallConfig } from '../../src/pipeline/call-config.ts';
import { CallSession } from '../../src/pipeline/call-session.ts';
import { turnParams } from '../../src/pipeline/turn-params.ts';
import { SileroVadModel } from '../../src/pipeline/vad/silero-model.ts';
import { summarize } from '../lib/stats.ts';
import { bargeSentence, callerSentences } from '../scenario/caller-audio.ts';
import { CallerScript, summarizeScripts } from '../scenario/caller-script.ts';
import { ProcessMeter } from '../scenario/turn-metrics.ts';
import { shardRecords, summarizeStages } from './engine-shards.ts';
import { PhoneTransport } from './phone-transport.ts';
import { type CallerEvents, ReferenceLlm, ReferenceStt, ReferenceTts } from './reference-providers.ts';

/** The bench agent: responsiveness 0.5 (300 ms endpointing), no greeting, no recording (the peer records nothing either). */
export const benchAgent: CallConfig = {
  agentId: 'agt_bench',
  systemPrompt: '# Role\nYou are a restaurant host.',
  firstMessage: null,
  llm: { provider: 'reference', model: 'reference', temperature: 0.7, maxTokens: null },
  transcriber: { provider: 'reference', model: 'reference', language: 'en' },
  tts: { provider: 'reference', voiceId: 'vc_bench', model: null, speed: 1, stability: 0.5 },
  responsiveness: 0.5,
  interruptionSensitivity: 0.5,
  endCallPhrases: [],
  silenceTimeoutSeconds: 60,
  maxDurationSeconds: 600,
  enableRecording: false,
  variables: {},
  tools: [],
};

export const engineEndpointingMs = turnParams({
  responsiveness: benchAgent.responsiveness,
  interruption_sensitivity: benchAgent.interruptionSensitivity,
  end_call_phrases: [],
}).endpointingMs;

async function main() {
  const calls = Number(process.argv[2] ?? 1);
  const raw = process.argv.includes('--raw');
  const startAt = Number(process.argv.find((a) => a.startsWith('--start-at='))?.slice(11) ?? 0);
  const sentences = await callerSentences();
  const barge = await bargeSentence();
  const vad = await SileroVadModel.load();
  // Shards of one run start their ramps together, whichever loaded first.
  const lateStartMs = startAt ? Math.max(0, Date.now() - startAt) : 0;
  if (startAt > Date.now()) await new Promise((r) => setTimeout(r, startAt - Date.now()));
  const meter = new ProcessMeter();
  const scripts: CallerScript[] = [];
  const sessions: CallSession[] = [];
  const transports: PhoneTransport[] = [];
  meter.start();
  const runs = Array.from({ length: calls }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * 3000) / calls));
    const caller: CallerEvents = new EventEmitter();
    let script: CallerScript | undefined;
    const transport = new PhoneTransport(
      (at, handedAt) => script?.agentFrame(at, handedAt),
      () => script?.agentFinished(),
      (at) => script?.agentCleared(at),
    );
    const session = new CallSession(benchAgent, {
      clock: systemClock,
      transport,
      vad,
      providers: { stt: [new ReferenceStt(caller)], llm: [new ReferenceLlm()], tts: [new ReferenceTts()] },
      voice: { voice: 'reference' },
      fetch: () => Promise.reject(new Error('no tools in the bench')),
    });
    script = new CallerScript(
      i,
      sentences,
      {
        // The engine owns what it is handed, so every frame is a fresh copy.
        send: (pcm) => transport.handlers?.audio(pcm.slice()),
        speechStarted: (text) => caller.emit('speechStart', text),
        speechEnded: (text) => caller.emit('speechEnd', text),
      },
      barge,
    );
    scripts.push(script);
    sessions.push(session);
    transports.push(transport);
    await session.start();
    await script.run();
  });
  await Promise.all(runs);
  const usage = meter.stop();
  const results = await Promise.allSettled(sessions.map((s) => s.stop('api_stop')));
  if (process.env.BENCH_DEBUG && results[0]?.status === 'fulfilled')
    process.stderr.write(`${JSON.stringify(results[0].value.latency.events)}\n`);
  for (const t of transports) t.close();
  // The server's own per-turn stages, past the greeting turn: end of turn (VAD end of speech → turn
  // committed), LLM and TTS first bytes as the engine saw them (the doubles' nominal 200 and 100 ms).
  const stage = (type: string) =>
    results.flatMap((r) =>
      r.status === 'fulfilled'
        ? r.value.latency.events.filter((e) => e.turn > 0 && e.type === type).map((e) => e.ms)
        : [],
    );
  const stages = { eou_delay: stage('eou_delay'), llm_ttft: stage('llm_ttft'), tts_ttfb: stage('tts_ttfb') };
  const line = raw
    ? {
        calls,
        endpointing_ms: engineEndpointingMs,
        ...usage,
        late_start_ms: lateStartMs,
        records: shardRecords(scripts, stages),
      }
    : {
        calls,
        endpointing_ms: engineEndpointingMs,
        ...summarizeScripts(scripts, engineEndpointingMs),
        ...usage,
        server_eou_ms: summarize(stages.eou_delay),
        server_stages_ms: summarizeStages(stages),
      };
  // Exit once the line is flushed: a pipe takes a large write in several turns.
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
}

await main();
