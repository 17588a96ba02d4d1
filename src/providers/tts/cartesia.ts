import { type HttpTtsOptions, nearestRate, pcmRequestBase, prewarmHttpTts, streamPcm } from './pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

const rates = [8000, 16_000, 22_050, 24_000, 44_100, 48_000] as const;

/** The API version Parley was written against (Cartesia pins behaviour per dated version). */
export const cartesiaVersion = '2025-04-16';

/** Cartesia `POST {base}/tts/bytes` with a raw pcm_s16le output format. */
export class CartesiaTts implements Tts {
  readonly provider = 'cartesia';
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
      path: 'tts/bytes',
      headers: {
        'cartesia-version': cartesiaVersion,
        // Older API versions read X-API-Key, newer ones a Bearer token: send both.
        'x-api-key': this.opts.apiKey,
        authorization: `Bearer ${this.opts.apiKey}`,
      },
      body: {
        model_id: req.model ?? 'sonic-2',
        transcript: req.text,
        voice: { mode: 'id', id: req.voice },
        output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: rate },
        ...(req.language ? { language: req.language } : {}),
      },
      sampleRate: rate,
    });
  }
}
