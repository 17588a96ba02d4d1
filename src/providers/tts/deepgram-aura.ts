import { type HttpTtsOptions, nearestRate, pcmRequestBase, prewarmHttpTts, streamPcm } from './pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

const rates = [8000, 16_000, 24_000, 32_000, 48_000] as const;

/** Deepgram Aura `POST {base}/v1/speak?model=aura-…&encoding=linear16&container=none`; the voice is the model. */
export class DeepgramAuraTts implements Tts {
  readonly provider = 'deepgram';
  readonly capabilities: TtsCapabilities = { streaming: true, sampleRates: rates };

  constructor(private readonly opts: HttpTtsOptions) {}

  prewarm(): void {
    prewarmHttpTts(this.opts);
  }

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    if (req.text.trim() === '') return;
    const rate = nearestRate(req.sampleRate, rates);
    const query = new URLSearchParams({
      model: req.voice || (req.model ?? ''),
      encoding: 'linear16',
      sample_rate: String(rate),
      container: 'none',
    });
    yield* streamPcm({
      ...pcmRequestBase(this.provider, this.opts, signal),
      path: `v1/speak?${query}`,
      headers: { authorization: `Token ${this.opts.apiKey}` },
      body: { text: req.text },
      sampleRate: rate,
    });
  }
}
