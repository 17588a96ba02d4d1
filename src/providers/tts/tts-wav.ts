import { encodeWav } from '../../pipeline/audio/wav.ts';
import { ProviderError } from '../errors.ts';
import type { Tts, TtsRequest } from './tts.ts';

/** Synthesise a whole text into one mono PCM16 WAV file (voice previews: short, not streamed). */
export async function synthesizeWav(tts: Tts, req: TtsRequest, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Int16Array[] = [];
  let rate: number | undefined;
  for await (const chunk of tts.synthesize(req, signal ?? new AbortController().signal)) {
    if (rate !== undefined && chunk.sampleRate !== rate)
      throw new ProviderError(tts.provider, 'the voice changed its sample rate mid-text', {
        retryable: false,
      });
    rate = chunk.sampleRate;
    parts.push(chunk.pcm);
  }
  if (rate === undefined)
    throw new ProviderError(tts.provider, 'the voice produced no audio', { retryable: false });
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    pcm.set(p, off);
    off += p.length;
  }
  return encodeWav([pcm], rate);
}
