import { type HttpTtsOptions, pcmRequestBase, prewarmHttpTts, streamPcm } from './pcm-stream.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

/** OpenAI-compatible `POST {base}/audio/speech` with `response_format: "pcm"` (24 kHz s16le, streamed). */
export class OpenAiTts implements Tts {
  readonly provider: string;
  readonly capabilities: TtsCapabilities = { streaming: true, sampleRates: [24_000] };

  constructor(private readonly opts: HttpTtsOptions & { provider?: string; defaultModel?: string }) {
    this.provider = opts.provider ?? 'openai';
  }

  prewarm(): void {
    prewarmHttpTts(this.opts);
  }

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    if (req.text.trim() === '') return;
    yield* streamPcm({
      ...pcmRequestBase(this.provider, this.opts, signal),
      path: 'audio/speech',
      headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
      body: {
        model: req.model ?? this.opts.defaultModel ?? 'gpt-4o-mini-tts',
        voice: req.voice,
        input: req.text,
        response_format: 'pcm',
        ...(req.speed === undefined ? {} : { speed: Math.min(4, Math.max(0.25, req.speed)) }),
      },
      sampleRate: 24_000,
    });
  }
}
