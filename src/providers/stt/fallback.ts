import type { OnFailover } from '../failover.ts';
import type { Stt, SttCapabilities, SttEvent, SttOptions, SttStream } from './stt.ts';

/** One link of a fallback chain; `model` replaces the stream's model for this provider. */
export interface SttFallbackEntry {
  stt: Stt;
  model?: string;
}

export interface FallbackSttOptions {
  onFailover?: OnFailover;
  /** Audio kept for replay into the next provider, ms. */
  replayMs?: number;
}

/**
 * Opens the first provider; a retryable error before it produced any transcript switches to the next
 * one, which is sent the audio since the last final (and a pending flush) so the utterance is not lost.
 */
export class FallbackStt implements Stt {
  readonly provider: string;
  readonly capabilities: SttCapabilities;

  constructor(
    private readonly entries: SttFallbackEntry[],
    private readonly opts: FallbackSttOptions = {},
  ) {
    if (entries.length === 0) throw new Error('FallbackStt needs at least one provider');
    this.provider = entries[0]!.stt.provider;
    this.capabilities = entries[0]!.stt.capabilities;
  }

  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    return new FallbackStream(this.entries, opts, onEvent, this.opts);
  }
}

class FallbackStream implements SttStream {
  private index = 0;
  private current: SttStream;
  private produced = false;
  private flushPending = false;
  private replay: Int16Array[] = [];
  private replaySamples = 0;
  private closed = false;

  constructor(
    private readonly entries: SttFallbackEntry[],
    private readonly opts: SttOptions,
    private readonly onEvent: (e: SttEvent) => void,
    private readonly cfg: FallbackSttOptions,
  ) {
    this.current = this.open(0);
  }

  pushAudio(pcm: Int16Array): void {
    if (!this.produced) {
      this.replay.push(pcm.slice());
      this.replaySamples += pcm.length;
      const max = ((this.cfg.replayMs ?? 30_000) * this.opts.sampleRate) / 1000;
      while (this.replaySamples > max) this.replaySamples -= this.replay.shift()!.length;
    }
    this.current.pushAudio(pcm);
  }

  flush(): void {
    this.flushPending = true;
    this.current.flush();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.current.close();
  }

  private open(i: number): SttStream {
    const { stt, model } = this.entries[i]!;
    return stt.stream(model ? { ...this.opts, model } : this.opts, (e) => this.handle(i, e));
  }

  private handle(i: number, e: SttEvent): void {
    if (this.closed || i !== this.index) return;
    const next = this.entries[i + 1];
    if (e.type === 'error' && !this.produced && e.error.retryable && next) {
      this.cfg.onFailover?.(this.entries[i]!.stt.provider, next.stt.provider, e.error);
      const old = this.current;
      this.index = i + 1;
      this.current = this.open(i + 1);
      for (const pcm of this.replay) this.current.pushAudio(pcm);
      if (this.flushPending) this.current.flush();
      void old.close();
      return;
    }
    if (e.type === 'interim' || e.type === 'final') {
      // After the first transcript the provider is committed: stop keeping audio for replay.
      this.produced = true;
      this.replay = [];
      this.replaySamples = 0;
      if (e.type === 'final' && e.speechFinal) this.flushPending = false;
    }
    this.onEvent(e);
  }
}
