/**
 * One peer measurement in its own process: N LiveKit Agents sessions (no room) with the reference
 * doubles, each driven by the scripted caller; prints one JSON line (turn summary + process usage).
 * Usage: tsx bench/peers/livekit/peer-run.ts <calls>
 */
import { initializeLogger, voice } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { bargeSentence, callerSentences } from '../../scenario/caller-audio.ts';
import { CallerScript, summarizeScripts } from '../../scenario/caller-script.ts';
import { reference } from '../../scenario/reference.ts';
import { ProcessMeter } from '../../scenario/turn-metrics.ts';
import { CallerInput } from './caller-input.ts';
import { CallerLine } from './caller-line.ts';
import { PacedOutput } from './paced-output.ts';
import { ReferenceLlm } from './reference-llm.ts';
import { ReferenceStt } from './reference-stt.ts';
import { ReferenceTts } from './reference-tts.ts';

/** The peer's configured wait: Silero's default min silence (550 ms) ends the turn; turnDetection 'vad' waits 500 ms from the same speech end. */
export const peerEndpointingMs = 550;

async function startSession(vad: silero.VAD, line: CallerLine, input: CallerInput) {
  const session = new voice.AgentSession({
    stt: new ReferenceStt(line),
    llm: new ReferenceLlm(),
    tts: new ReferenceTts(),
    vad,
    turnHandling: {
      turnDetection: 'vad',
      endpointing: { minDelay: 500 },
      interruption: { mode: 'vad' },
      preemptiveGeneration: { enabled: false },
    },
  });
  session.input.audio = input;
  session.output.audio = new PacedOutput(line);
  await session.start({ agent: new voice.Agent({ instructions: 'You are a restaurant host.' }) });
  return session;
}

async function main() {
  const calls = Number(process.argv[2] ?? 1);
  initializeLogger({ pretty: false, level: 'error' });
  const sentences = await callerSentences();
  const barge = await bargeSentence();
  const vad = (await silero.VAD.load()) as silero.VAD;
  const meter = new ProcessMeter();
  const scripts: CallerScript[] = [];
  const sessions: voice.AgentSession[] = [];
  meter.start();
  // Calls start spread over 3 s, so their turns do not line up.
  const runs = Array.from({ length: calls }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * 3000) / calls));
    const line = new CallerLine();
    const input = new CallerInput(reference.sampleRate);
    const script = new CallerScript(
      i,
      sentences,
      {
        send: (pcm) => input.push(pcm),
        speechStarted: (text) => line.emit('speechStart', text),
        speechEnded: (text) => line.emit('speechEnd', text),
      },
      barge,
    );
    line.on('agentFrame', (at) => script.agentFrame(at));
    line.on('agentFinished', () => script.agentFinished());
    line.on('agentCleared', (at) => script.agentCleared(at));
    scripts.push(script);
    sessions.push(await startSession(vad, line, input));
    await script.run();
  });
  await Promise.all(runs);
  const usage = meter.stop();
  const summary = summarizeScripts(scripts, peerEndpointingMs);
  await Promise.allSettled(sessions.map((s) => s.close()));
  process.stdout.write(
    `${JSON.stringify({ calls, endpointing_ms: peerEndpointingMs, ...summary, ...usage })}\n`,
  );
  process.exit(0);
}

await main();
