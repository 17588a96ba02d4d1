import { type Clock, systemClock, type Timer } from '../../lib/clock.ts';
import type { ProviderError } from '../errors.ts';
import type { Stt, SttCapabilities, SttEvent, SttOptions, SttStream } from './stt.ts';

export interface FakeSttOptions {
  provider?: string;
  clock?: Clock;
  /** Delay from flush() to the final result, ms. */
  finalDelayMs?: number;
  /** Emit an interim (first word) when speech starts. */
  interim?: boolean;
  /** Mean absolute sample value above which a pushed frame counts as speech. */
  speechThreshold?: number;
  /** Transcripts for successive utterances (shared by all streams), or a function of the utterance index. */
  utterances?: string[] | ((index: number) => string);
}

/** Mean absolute amplitude of a PCM16 frame. */
export function meanLevel(pcm: Int16Array): number {
  let sum = 0;
  for (const v of pcm) sum += Math.abs(v);
  return pcm.length ? sum / pcm.length : 0;
}

/** One fake transcription session; tests may also call `emit` to drive the engine directly. */
export class FakeSttStream implements SttStream {
  audioMs = 0;
  flushes = 0;
  closed = false;
  private inSpeech = false;
  private speechStartMs = 0;
  private timers = new Set<Timer>();

  constructor(
    private readonly owner: FakeStt,
    readonly opts: SttOptions,
    private readonly onEvent: (e: SttEvent) => void,
  ) {}

  emit(e: SttEvent): void {
    if (!this.closed) this.onEvent(e);
  }

  pushAudio(pcm: Int16Array): void {
    if (this.closed) return;
    const at = this.audioMs;
    this.audioMs += (pcm.length / this.opts.sampleRate) * 1000;
    if (!this.inSpeech && meanLevel(pcm) > this.owner.speechThreshold) {
      this.inSpeech = true;
      this.speechStartMs = at;
      this.emit({ type: 'speech_started', atMs: at });
      const first = this.owner.peekUtterance().split(/\s+/)[0];
      if (this.owner.interim && first)
        this.emit({ type: 'interim', text: first, startMs: at, endMs: this.audioMs });
    }
  }

  flush(): void {
    if (this.closed) return;
    this.flushes++;
    const text = this.owner.takeUtterance();
    const startMs = this.speechStartMs;
    const endMs = this.audioMs;
    this.inSpeech = false;
    this.later(this.owner.finalDelayMs, () => {
      this.emit({ type: 'final', text, speechFinal: true, startMs, endMs, confidence: 1 });
      this.emit({ type: 'utterance_end', atMs: endMs });
    });
  }

  /** Emit a fatal error (as a dropped vendor connection would). */
  failWith(error: ProviderError): void {
    this.later(0, () => this.emit({ type: 'error', error, fatal: true }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) this.owner.clock.clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void) {
    // Never call back inside the caller's own pushAudio/flush: like a network reply, results arrive later.
    if (ms <= 0) {
      queueMicrotask(() => this.closed || fn());
      return;
    }
    const t = this.owner.clock.setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

/** A scripted Stt for engine tests and the benchmark; exposes every stream it opened. */
export class FakeStt implements Stt {
  readonly provider: string;
  readonly capabilities: SttCapabilities = { streaming: true, interimResults: true, wordTimestamps: false };
  readonly streams: FakeSttStream[] = [];
  readonly clock: Clock;
  readonly finalDelayMs: number;
  readonly interim: boolean;
  readonly speechThreshold: number;
  private readonly queue: string[] = [];
  private readonly fn: ((index: number) => string) | undefined;
  private taken = 0;
  private failures: ProviderError[] = [];

  constructor(opts: FakeSttOptions = {}) {
    this.provider = opts.provider ?? 'fake';
    this.clock = opts.clock ?? systemClock;
    this.finalDelayMs = opts.finalDelayMs ?? 0;
    this.interim = opts.interim ?? true;
    this.speechThreshold = opts.speechThreshold ?? 300;
    if (typeof opts.utterances === 'function') this.fn = opts.utterances;
    else this.queue.push(...(opts.utterances ?? []));
  }

  /** Add transcripts for the next utterances. */
  enqueue(...texts: string[]): void {
    this.queue.push(...texts);
  }

  /** The next stream opened fails at once with `error`. */
  failNext(error: ProviderError): void {
    this.failures.push(error);
  }

  peekUtterance(): string {
    return this.fn ? this.fn(this.taken) : (this.queue[0] ?? '');
  }

  takeUtterance(): string {
    const text = this.peekUtterance();
    this.taken++;
    if (!this.fn) this.queue.shift();
    return text;
  }

  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    const s = new FakeSttStream(this, opts, onEvent);
    this.streams.push(s);
    const failure = this.failures.shift();
    if (failure) s.failWith(failure);
    return s;
  }
}
