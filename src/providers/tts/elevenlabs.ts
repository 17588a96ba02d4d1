import { type HttpTtsOptions, nearestRate, pcmRequestBase, prewarmHttpTts, streamPcm } from './pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

const rates = [8000, 16_000, 22_050, 24_000, 44_100] as const;

/** ElevenLabs `POST {base}/v1/text-to-speech/{voice_id}/stream?output_format=pcm_{rate}`. */
export class ElevenLabsTts implements Tts {
  readonly provider = 'elevenlabs';
  readonly capabilities: TtsCapabilities = { streaming: true, sampleRates: rates };

  constructor(private readonly opts: HttpTtsOptions) {}

  prewarm(): void {
    prewarmHttpTts(this.opts);
  }

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    if (req.text.trim() === '') return;
    const rate = nearestRate(req.sampleRate, rates);
    yield* streamPcm({
      ...pcmRequestBase(this.provider, this.opts, signal),
      path: `v1/text-to-speech/${encodeURIComponent(req.voice)}/stream?output_format=pcm_${rate}`,
      headers: { 'xi-api-key': this.opts.apiKey },
      body: {
        text: req.text,
        model_id: req.model ?? 'eleven_flash_v2_5',
        voice_settings: {
          stability: req.stability ?? 0.5,
          similarity_boost: 0.75,
          // ElevenLabs accepts 0.7–1.2.
          speed: Math.min(1.2, Math.max(0.7, req.speed ?? 1)),
        },
      },
      sampleRate: rate,
    });
  }
}
