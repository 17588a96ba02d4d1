import { type Clock, systemClock } from '../../lib/clock.ts';
import { delay } from '../delay.ts';
import type { ProviderError } from '../errors.ts';
import { nearestRate } from './pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

export interface FakeTtsOptions {
  provider?: string;
  clock?: Clock;
  sampleRates?: readonly number[];
  /** Delay before the first chunk, ms. */
  firstChunkMs?: number;
  /** Audio per chunk, ms. */
  chunkMs?: number;
  /** Chunks come this many times faster than real time (0 = all at once). */
  realtimeFactor?: number;
  /** Audio produced for a text, ms (default 40 ms per character, at least 200 ms). */
  audioMs?: (text: string) => number;
}

/** A 440 Hz tone of `ms` at `sampleRate`: audible, exact-length test audio. */
export function tone(ms: number, sampleRate: number): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  return out;
}

/** A scripted Tts for engine tests and the benchmark: tone audio, fixed latency and pacing on an injected Clock. */
export class FakeTts implements Tts {
  readonly provider: string;
  readonly capabilities: TtsCapabilities;
  readonly requests: TtsRequest[] = [];
  /** How many times the engine asked for the connection ahead of a request. */
  prewarms = 0;
  private readonly clock: Clock;
  private readonly failures: Array<{ error: ProviderError; afterChunks: number }> = [];

  constructor(private readonly opts: FakeTtsOptions = {}) {
    this.provider = opts.provider ?? 'fake';
    this.clock = opts.clock ?? systemClock;
    this.capabilities = { streaming: true, sampleRates: opts.sampleRates ?? [8000, 16_000, 24_000] };
  }

  /** Make the next synthesis fail with `error` after `afterChunks` chunks. */
  fail(error: ProviderError, afterChunks = 0): void {
    this.failures.push({ error, afterChunks });
  }

  prewarm(): void {
    this.prewarms++;
  }

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    if (signal.aborted || req.text.trim() === '') return;
    this.requests.push({ ...req });
    const failure = this.failures.shift();
    const rate = nearestRate(req.sampleRate, this.capabilities.sampleRates);
    const audio = tone(this.opts.audioMs?.(req.text) ?? Math.max(200, req.text.length * 40), rate);
    const chunkMs = this.opts.chunkMs ?? 20;
    const step = Math.round((chunkMs * rate) / 1000);
    const factor = this.opts.realtimeFactor ?? 0;
    await delay(this.clock, this.opts.firstChunkMs ?? 0, signal);
    for (let off = 0, i = 0; off < audio.length; off += step, i++) {
      if (failure && i === failure.afterChunks) throw failure.error;
      if (i > 0 && factor > 0) await delay(this.clock, chunkMs / factor, signal);
      if (signal.aborted) return;
      yield { pcm: audio.slice(off, off + step), sampleRate: rate };
    }
    if (failure && failure.afterChunks >= Math.ceil(audio.length / step)) throw failure.error;
  }
}
