import type { ProviderError } from '../../providers/errors.ts';
import { FakeLlm, type FakeLlmReply } from '../../providers/llm/fake-llm.ts';
import type { Llm } from '../../providers/llm/llm.ts';
import { FakeStt } from '../../providers/stt/fake-stt.ts';
import { FakeTts } from '../../providers/tts/fake-tts.ts';
import { rms } from '../audio/pcm.ts';
import type { CallConfig } from '../call-config.ts';
import type { CallSessionDeps } from '../call-session.ts';
import type { FrameObserver } from '../processor.ts';
import type { HttpFetch } from '../tools/tool-runner.ts';
import { SileroVadModel } from '../vad/silero-model.ts';
import { CallHarness, testCallConfig } from './call-harness.ts';
import { fliteSpeech } from './flite-speech.ts';

/** What the simulated caller says in the session tests (synthesised once per file with flite). */
export const lines = {
  book: 'I would like to book a table for two.',
  stop: 'Wait, stop. I have a question.',
  uhhuh: 'uh-huh',
  bye: 'Thanks, goodbye now.',
};

/**
 * Session tests' shared setup: the real Silero model, the caller's lines as 8 kHz speech, and
 * calls over fake providers with the reference latencies (STT final 100 ms after flush, LLM first
 * token 200 ms, TTS first audio 100 ms at 2× real time).
 */
export class SessionFixture {
  vad!: SileroVadModel;
  readonly speech = new Map<keyof typeof lines, Int16Array>();

  async load(): Promise<void> {
    this.vad = await SileroVadModel.load({ thread: 'inline' });
    for (const [k, text] of Object.entries(lines))
      this.speech.set(k as keyof typeof lines, (await fliteSpeech(text, 'kal')).pcm);
  }

  async close(): Promise<void> {
    await this.vad.close();
  }

  call(
    opts: {
      config?: Partial<CallConfig>;
      replies?: FakeLlmReply[];
      fallbackReplies?: FakeLlmReply[];
      utterances?: string[];
      fetch?: HttpFetch;
      rates?: { input: number; output: number };
      replyTimeoutMs?: number;
      ttsFailure?: ProviderError;
      /** An LLM that accepts the request and then never answers. */
      hungLlm?: boolean;
      observers?: FrameObserver[];
      toolExecutors?: CallSessionDeps['toolExecutors'];
      hangUpAfterGreeting?: CallSessionDeps['hangUpAfterGreeting'];
    } = {},
  ) {
    let stt!: FakeStt;
    let llm!: FakeLlm;
    let tts!: FakeTts;
    const deps: Partial<CallSessionDeps> = {};
    if (opts.observers) deps.observers = opts.observers;
    if (opts.toolExecutors) deps.toolExecutors = opts.toolExecutors;
    if (opts.hangUpAfterGreeting) deps.hangUpAfterGreeting = opts.hangUpAfterGreeting;
    if (opts.fetch) deps.fetch = opts.fetch;
    if (opts.replyTimeoutMs) deps.replyTimeoutMs = opts.replyTimeoutMs;
    const h = new CallHarness({
      config: testCallConfig(opts.config),
      vad: this.vad,
      deps,
      ...(opts.rates ? { rates: opts.rates } : {}),
      providers: (clock) => {
        stt = new FakeStt({ clock, finalDelayMs: 100, utterances: opts.utterances ?? [] });
        llm = new FakeLlm({ clock, ttftMs: 200, chunkIntervalMs: 20, replies: opts.replies ?? [] });
        tts = new FakeTts({ clock, firstChunkMs: 100, realtimeFactor: 2 });
        if (opts.ttsFailure) tts.fail(opts.ttsFailure);
        const hung: Llm = {
          provider: 'hung',
          capabilities: { streaming: true, tools: true },
          chat: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => {}) }) }),
        };
        const llms: Llm[] = [opts.hungLlm ? hung : llm];
        if (opts.fallbackReplies)
          llms.push(new FakeLlm({ provider: 'backup', clock, ttftMs: 200, replies: opts.fallbackReplies }));
        return { stt: [stt], llm: llms, tts: [tts] };
      },
    });
    return { h, stt: () => stt, llm: () => llm, tts: () => tts };
  }
}

/** Where the caller's words begin: the first 20 ms with a level above -30 dBFS (ms into the clip). */
export function onsetMs(pcm: Int16Array): number {
  for (let i = 0; i < pcm.length; i += 160)
    if (rms(pcm.subarray(i, i + 160)) > 0.0316) return (i * 1000) / 8000;
  return -1;
}
