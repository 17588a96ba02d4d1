import type { Tts } from '../tts.ts';
import { synthesizeWav } from '../tts-wav.ts';
import { FlitePool } from './flite-pool.ts';
import { FliteTts, fliteVoices } from './flite-tts.ts';

/**
 * `(voice, text) → WAV` in a flite voice at its native rate (voice previews). `tts` is normally the
 * call engine's flite (warm workers); without one, a one-worker pool that starts on first use.
 */
export function fliteWav(tts: Tts = new FliteTts(new FlitePool({ size: 1 }))) {
  return (voice: string, text: string): Promise<Uint8Array> =>
    synthesizeWav(tts, { text, voice, sampleRate: fliteVoices[voice] ?? 16_000 });
}
