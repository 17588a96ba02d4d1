/**
 * The provider doubles of the reference scenario as loopback servers in their own process (so the
 * load peer's and Parley's event loops do not delay them): Deepgram live STT (final 100 ms after the
 * utterance ends), an OpenAI-compatible LLM (TTFT 200 ms, 3-word chunks every 20 ms) and ElevenLabs
 * streaming TTS (first bytes after 100 ms, 2× real time), and how late their timers woke. Prints
 * their base URLs as one JSON line, then runs until SIGTERM.
 */
import { OpenAiDouble } from '../../src/providers/llm/testing/openai-double.ts';
import { DeepgramDouble } from '../../src/providers/stt/testing/deepgram-double.ts';
import { TtsDouble } from '../../src/providers/tts/testing/tts-double.ts';
import { elevenLabsStream } from '../../src/providers/tts/testing/tts-vendors.ts';
import { reference, replyChunks } from '../scenario/reference.ts';
import { serveDoublesLateness } from './doubles-lateness.ts';

export interface DoubleUrls {
  deepgram: string;
  openai: string;
  elevenlabs: string;
  /** `GET` reads how late the doubles' first-byte waits woke since the last read (`doubles-lateness.ts`). */
  lateness: string;
}

/** Transcripts the Deepgram double hands out, one per utterance, across all calls of a run. */
const transcriptsPerRun = 50_000;

async function main() {
  const lateness = await serveDoublesLateness();
  const { wait } = lateness;
  const deepgram = await DeepgramDouble.start({
    finalDelayMs: reference.sttFinalMs,
    endpointingMs: 20,
    wait,
  });
  for (let i = 0; i < transcriptsPerRun; i++) deepgram.script('I would like to book a table for two tonight');
  const openai = await OpenAiDouble.start({
    ttftMs: reference.llmTtftMs,
    chunkIntervalMs: reference.chunkIntervalMs,
    defaultReply: () => ({ text: replyChunks() }),
    wait,
  });
  const tts = await TtsDouble.start(elevenLabsStream, {
    firstByteMs: reference.ttsFirstFrameMs,
    realtimeFactor: reference.ttsSpeedup,
    // Each sentence gets its share of the reply's 2 s by words; 20 ms writes.
    audioMs: (text) =>
      Math.max(20, (reference.ttsAudioMs * text.trim().split(/\s+/).length) / reference.replyWords),
    chunkBytes: 960,
    wait,
  });
  lateness.countConnections(() => ({
    llm: openai.http.connectionsAccepted,
    tts: tts.http.connectionsAccepted,
  }));
  // What the doubles record for tests (every request, every session) would grow over a whole bench.
  const forget = setInterval(() => {
    for (const h of [openai.http, tts.http, deepgram.http]) h.requests.length = 0;
    const open = deepgram.sessions.filter((s) => s.socket.readyState !== s.socket.CLOSED);
    deepgram.sessions.splice(0, deepgram.sessions.length, ...open);
  }, 5000);
  const urls: DoubleUrls = {
    deepgram: deepgram.baseUrl,
    openai: openai.baseUrl,
    elevenlabs: tts.url,
    lateness: lateness.url,
  };
  process.stdout.write(`${JSON.stringify(urls)}\n`);
  const stop = async () => {
    clearInterval(forget);
    await Promise.allSettled([deepgram.close(), openai.close(), tts.close(), lateness.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

await main();
