import { ProviderError } from '../../providers/errors.ts';
import type { Tts, TtsChunk, TtsRequest } from '../../providers/tts/tts.ts';
import { Resampler } from '../audio/resampler.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame } from '../frames.ts';
import { FrameProcessor, isAbortError } from '../processor.ts';
import { SentenceSplitter, speakable } from '../sentence-splitter.ts';
import type { SpeechHandle } from '../speech-handle.ts';
import { SentenceAudio } from './sentence-audio.ts';

/** Voice settings of one call (provider-native voice id). */
export type TtsVoice = Omit<TtsRequest, 'text' | 'sampleRate'>;

/**
 * Turns each speech's streamed text into audio: splits it into sentences (a reply's first segment
 * at its first clause break), synthesises them in order — the next sentence's request starts while
 * the current one's audio is still arriving — resamples to the transport rate and emits
 * `tts.sentence` + `tts.audio` frames. On a provider failure before any audio of a sentence it
 * fails over to the next provider.
 */
export class TtsProcessor extends FrameProcessor {
  private index = 0;
  private current: { speech: SpeechHandle; splitter: SentenceSplitter; first: boolean } | undefined;
  private readonly resamplers = new Map<number, Resampler>();
  /** The sentence being handed on now; resolves with its synthesis error, if any. */
  private playing: Promise<unknown> = Promise.resolve(undefined);

  constructor(
    private readonly providers: readonly Tts[],
    private readonly voice: TtsVoice,
    private readonly outRate: number,
    private readonly time: CallClock,
  ) {
    super('tts');
    if (providers.length === 0) throw new Error('TtsProcessor needs at least one provider');
  }

  get provider(): string {
    return this.providers[this.index]!.provider;
  }

  /** Open the current provider's vendor connection ahead of the next speech. */
  prewarm(): void {
    this.providers[this.index]!.prewarm?.();
  }

  protected override async process(frame: Frame, direction: Direction): Promise<void> {
    if (direction === 'up') {
      this.push(frame, direction);
      return;
    }
    switch (frame.type) {
      case 'speech.start': {
        const splitter = new SentenceSplitter({ firstClause: true });
        this.current = { speech: frame.speech, splitter, first: true };
        this.push(frame);
        return;
      }
      case 'llm.text': {
        const c = this.current;
        if (!c || c.speech !== frame.speech || c.speech.isDone) return;
        for (const sentence of c.splitter.push(frame.text)) await this.speak(sentence);
        return;
      }
      case 'speech.end': {
        const c = this.current;
        const signal = this.signal;
        if (c && c.speech === frame.speech && !c.speech.isDone) {
          const rest = c.splitter.flush();
          if (rest) await this.speak(rest);
        }
        await this.played();
        if (this.current === c) this.current = undefined;
        if (!signal.aborted) this.push(frame);
        return;
      }
      default:
        this.push(frame, direction);
    }
  }

  protected override onInterruption(): void {
    if (!this.current?.speech.allowInterruptions) return;
    this.current = undefined;
    // The aborted synthesis ends by itself; the next speech must not wait for it.
    this.playing = Promise.resolve(undefined);
  }

  /** Start synthesising `sentence` now, and hand its audio on once the sentence before it has played. */
  private async speak(sentence: string): Promise<void> {
    const c = this.current!;
    const text = speakable(sentence);
    if (!text) return;
    const signal = this.signal;
    const first = c.first;
    c.first = false;
    const audio = new SentenceAudio((emit) => this.synthesize(c, text, first, signal, emit));
    await this.played();
    if (signal.aborted || c.speech.isDone) return;
    this.push({ kind: 'control', type: 'tts.sentence', speech: c.speech, text: sentence });
    let started = false;
    this.playing = audio.play((chunk) => {
      if (signal.aborted || c.speech.isDone) return;
      if (!started) this.resampler(chunk.sampleRate)?.reset();
      started = true;
      const pcm =
        chunk.sampleRate === this.outRate
          ? chunk.pcm
          : this.resampler(chunk.sampleRate)!.process(chunk.pcm).slice();
      if (pcm.length > 0) this.push({ kind: 'data', type: 'tts.audio', speech: c.speech, pcm });
    });
  }

  /** Wait for the playing sentence's audio; rethrow its synthesis failure. */
  private async played(): Promise<void> {
    const error = await this.playing;
    this.playing = Promise.resolve(undefined);
    if (error && !isAbortError(error)) throw error;
  }

  private async synthesize(
    c: NonNullable<TtsProcessor['current']>,
    text: string,
    /** The speech's first sentence: its time to first byte is the `tts_ttfb` metric. */
    first: boolean,
    signal: AbortSignal,
    emit: (chunk: TtsChunk) => void,
  ): Promise<void> {
    for (;;) {
      const tts = this.providers[this.index]!;
      let produced = false;
      const t0 = this.time.now();
      try {
        const req: TtsRequest = { ...this.voice, text, sampleRate: this.outRate };
        for await (const chunk of tts.synthesize(req, signal)) {
          if (signal.aborted || c.speech.isDone) return;
          if (!produced && first) {
            this.push({
              kind: 'system',
              type: 'metric',
              name: 'tts_ttfb',
              ms: this.time.now() - t0,
              provider: tts.provider,
            });
          }
          produced = true;
          emit(chunk);
        }
        return;
      } catch (e) {
        if (isAbortError(e) || signal.aborted) return;
        const err =
          e instanceof ProviderError
            ? e
            : new ProviderError(tts.provider, (e as Error).message ?? String(e), { cause: e });
        if (produced || this.index + 1 >= this.providers.length) throw err;
        this.index++;
      }
    }
  }

  private resampler(rate: number): Resampler | undefined {
    if (rate === this.outRate) return undefined;
    let r = this.resamplers.get(rate);
    if (!r) {
      r = new Resampler(rate, this.outRate);
      this.resamplers.set(rate, r);
    }
    return r;
  }
}
