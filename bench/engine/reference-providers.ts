import type { EventEmitter } from 'node:events';
import type { Llm, LlmChunk } from '../../src/providers/llm/llm.ts';
import type { Stt, SttEvent, SttStream } from '../../src/providers/stt/stt.ts';
import type { Tts, TtsChunk, TtsRequest } from '../../src/providers/tts/tts.ts';
import { reference, replyChunks, toneFrame } from '../scenario/reference.ts';

/** Caller speech events the scripted caller announces (the STT double's timing source). */
export type CallerEvents = EventEmitter<{ speechStart: [text: string]; speechEnd: [text: string] }>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Reference STT for Parley's engine: an interim 200 ms into speech, the final 100 ms after speech end. */
export class ReferenceStt implements Stt {
  readonly provider = 'reference';
  readonly capabilities = { streaming: true, interimResults: true, wordTimestamps: false };
  constructor(private readonly caller: CallerEvents) {}

  stream(_opts: unknown, onEvent: (e: SttEvent) => void): SttStream {
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };
    const onStart = (text: string) =>
      later(reference.sttInterimAfterStartMs, () =>
        onEvent({ type: 'interim', text: text.split(' ').slice(0, 2).join(' ') }),
      );
    const onEnd = (text: string) =>
      later(reference.sttFinalMs, () => {
        onEvent({ type: 'final', text, confidence: 1, speechFinal: true });
        onEvent({ type: 'utterance_end' });
      });
    this.caller.on('speechStart', onStart);
    this.caller.on('speechEnd', onEnd);
    return {
      pushAudio: () => {},
      flush: () => {},
      close: async () => {
        this.caller.off('speechStart', onStart);
        this.caller.off('speechEnd', onEnd);
        for (const t of timers) clearTimeout(t);
      },
    };
  }
}

/** Reference LLM: first token after 200 ms, then the 20-word reply in 3-word chunks every 20 ms. */
export class ReferenceLlm implements Llm {
  readonly provider = 'reference';
  readonly capabilities = { streaming: true, tools: true };

  async *chat(_req: unknown, signal: AbortSignal): AsyncIterable<LlmChunk> {
    await sleep(reference.llmTtftMs, signal);
    const chunks = replyChunks();
    for (let i = 0; i < chunks.length; i++) {
      if (signal.aborted) return;
      if (i > 0) await sleep(reference.chunkIntervalMs, signal);
      yield { type: 'text', text: chunks[i]! };
    }
    yield { type: 'done', finishReason: 'stop' };
  }
}

const rate = reference.ttsSampleRate;
const replyWords = reference.replyWords;

/**
 * Reference TTS: the first 20 ms frame 100 ms after the text arrives, then audio at 2× real time.
 * Parley asks per sentence, so each sentence gets its share of the reply's 2 s (by words).
 */
export class ReferenceTts implements Tts {
  readonly provider = 'reference';
  readonly capabilities = { streaming: true, sampleRates: [rate] };

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    const words = req.text.trim().split(/\s+/).length;
    const frames = Math.max(1, Math.round((reference.ttsAudioMs * words) / replyWords / reference.frameMs));
    const start = performance.now() + reference.ttsFirstFrameMs;
    const step = reference.frameMs / reference.ttsSpeedup;
    for (let k = 0; k < frames; k++) {
      // A plain timer per frame, as the LiveKit peer's TTS double has: an abort ends it at the next frame.
      const wait = start + k * step - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (signal.aborted) return;
      yield { pcm: toneFrame(k), sampleRate: rate };
    }
  }
}
