import { ProviderError } from '../../providers/errors.ts';
import type { Tts, TtsRequest } from '../../providers/tts/tts.ts';
import { Resampler } from '../audio/resampler.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame } from '../frames.ts';
import { FrameProcessor, isAbortError } from '../processor.ts';
import { SentenceSplitter, speakable } from '../sentence-splitter.ts';
import type { SpeechHandle } from '../speech-handle.ts';

/** Voice settings of one call (provider-native voice id). */
export type TtsVoice = Omit<TtsRequest, 'text' | 'sampleRate'>;

/**
 * Turns each speech's streamed text into audio: splits it into sentences, synthesises them in
 * order, resamples to the transport rate and emits `tts.sentence` + `tts.audio` frames. On a
 * provider failure before any audio of a sentence it fails over to the next provider.
 */
export class TtsProcessor extends FrameProcessor {
  private index = 0;
  private current: { speech: SpeechHandle; splitter: SentenceSplitter; first: boolean } | undefined;
  private readonly resamplers = new Map<number, Resampler>();

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

  protected override async process(frame: Frame, direction: Direction): Promise<void> {
    if (direction === 'up') {
      this.push(frame, direction);
      return;
    }
    switch (frame.type) {
      case 'speech.start':
        this.current = { speech: frame.speech, splitter: new SentenceSplitter(), first: true };
        this.push(frame);
        return;
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
        if (this.current === c) this.current = undefined;
        if (!signal.aborted) this.push(frame);
        return;
      }
      default:
        this.push(frame, direction);
    }
  }

  protected override onInterruption(): void {
    if (this.current?.speech.allowInterruptions) this.current = undefined;
  }

  private async speak(sentence: string): Promise<void> {
    const c = this.current!;
    const text = speakable(sentence);
    if (!text) return;
    this.push({ kind: 'control', type: 'tts.sentence', speech: c.speech, text: sentence });
    for (;;) {
      const tts = this.providers[this.index]!;
      const signal = this.signal;
      let produced = false;
      const t0 = this.time.now();
      try {
        const req: TtsRequest = { ...this.voice, text, sampleRate: this.outRate };
        for await (const chunk of tts.synthesize(req, signal)) {
          if (signal.aborted || c.speech.isDone) return;
          if (!produced && c.first) {
            this.push({
              kind: 'system',
              type: 'metric',
              name: 'tts_ttfb',
              ms: this.time.now() - t0,
              provider: tts.provider,
            });
            c.first = false;
          }
          if (!produced) this.resampler(chunk.sampleRate)?.reset();
          produced = true;
          const pcm =
            chunk.sampleRate === this.outRate
              ? chunk.pcm
              : this.resampler(chunk.sampleRate)!.process(chunk.pcm).slice();
          if (pcm.length > 0) this.push({ kind: 'data', type: 'tts.audio', speech: c.speech, pcm });
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
