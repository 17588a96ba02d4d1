import { ProviderError } from '../../errors.ts';
import { nearestRate } from '../pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from '../tts.ts';
import type { FlitePool } from './flite-pool.ts';

/** Voices compiled into flite.wasm and their native rates; `kal` has a 16 kHz twin (`kal16`). */
export const fliteVoices: Record<string, number> = {
  kal: 8000,
  kal16: 16_000,
  slt: 16_000,
  awb: 16_000,
  rms: 16_000,
};
const twins: Record<string, Record<number, string>> = { kal: { 8000: 'kal', 16000: 'kal16' } };
twins.kal16 = twins.kal!;

/** Split text into sentences so the first one is heard before the rest is synthesised. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;:])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** The offline, keyless voice (BSD-4-Clause flite via WASI) running in a worker pool; streams 100 ms chunks. */
export class FliteTts implements Tts {
  readonly provider = 'flite';
  readonly capabilities: TtsCapabilities = { streaming: true, sampleRates: [8000, 16_000] };

  constructor(private readonly pool: FlitePool) {}

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    if (!(req.voice in fliteVoices)) {
      throw new ProviderError(
        'flite',
        `flite has no voice '${req.voice}' (try ${Object.keys(fliteVoices).join(', ')})`,
        {
          retryable: false,
        },
      );
    }
    const voice = twins[req.voice]?.[nearestRate(req.sampleRate, this.capabilities.sampleRates)] ?? req.voice;
    const speed = Math.min(3, Math.max(0.3, req.speed ?? 1));
    for (const sentence of splitSentences(req.text)) {
      const audio = await this.pool.synthesize(sentence, voice, speed, signal);
      if (!audio || signal.aborted) return;
      const step = audio.sampleRate / 10;
      for (let off = 0; off < audio.pcm.length; off += step) {
        if (signal.aborted) return;
        yield { pcm: audio.pcm.subarray(off, off + step), sampleRate: audio.sampleRate };
      }
    }
  }
}
