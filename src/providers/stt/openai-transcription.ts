import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { safeJson } from '../sse.ts';
import { joinUrl, vendorPost } from '../vendor-http.ts';
import type { Stt, SttCapabilities, SttEvent, SttOptions, SttStream } from './stt.ts';
import { wavFile } from './wav-file.ts';

export interface OpenAiTranscriptionSttOptions {
  /** openai, whisper, groq… (OpenAI-compatible `/audio/transcriptions` servers). */
  provider?: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey: string | undefined;
  clock: Clock;
  defaultModel?: string;
  timeoutMs?: number;
  /** Audio kept for one utterance, ms; older audio is dropped (the API caps uploads at 25 MB). */
  maxUtteranceMs?: number;
  fetch?: typeof fetch;
}

const responseSchema = z.object({ text: z.string() });

/** Per-utterance transcription (`POST {base}/audio/transcriptions`, WAV upload) behind the streaming interface. */
export class OpenAiTranscriptionStt implements Stt {
  readonly provider: string;
  readonly capabilities: SttCapabilities = { streaming: false, interimResults: false, wordTimestamps: false };

  constructor(private readonly opts: OpenAiTranscriptionSttOptions) {
    this.provider = opts.provider ?? 'openai';
  }

  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    return new UtteranceStream(this.provider, this.opts, opts, onEvent);
  }
}

/** Buffers audio until flush(), then uploads it; results are delivered in flush order. */
class UtteranceStream implements SttStream {
  private chunks: Int16Array[] = [];
  private buffered = 0;
  /** Samples pushed before the buffered audio (for start/end times). */
  private offset = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly provider: string,
    private readonly cfg: OpenAiTranscriptionSttOptions,
    private readonly opts: SttOptions,
    private readonly onEvent: (e: SttEvent) => void,
  ) {}

  pushAudio(pcm: Int16Array): void {
    if (this.closed) return;
    this.chunks.push(pcm.slice());
    this.buffered += pcm.length;
    const max = ((this.cfg.maxUtteranceMs ?? 60_000) * this.opts.sampleRate) / 1000;
    while (this.buffered - (this.chunks[0]?.length ?? 0) >= max) {
      const dropped = this.chunks.shift()!;
      this.buffered -= dropped.length;
      this.offset += dropped.length;
    }
  }

  flush(): void {
    if (this.closed) return;
    const audio = new Int16Array(this.buffered);
    let off = 0;
    for (const c of this.chunks) {
      audio.set(c, off);
      off += c.length;
    }
    const ms = (samples: number) => Math.round((samples / this.opts.sampleRate) * 1000);
    const span = { startMs: ms(this.offset), endMs: ms(this.offset + audio.length) };
    this.offset += audio.length;
    this.chunks = [];
    this.buffered = 0;
    // The API rejects audio under 0.1 s; there is nothing to transcribe in it anyway.
    const result = audio.length < this.opts.sampleRate / 10 ? Promise.resolve('') : this.transcribe(audio);
    this.chain = this.chain.then(async () => {
      try {
        const text = await result;
        if (text !== undefined) this.emit({ type: 'final', text, speechFinal: true, ...span });
      } catch (e) {
        const error =
          e instanceof ProviderError
            ? e
            : new ProviderError(this.provider, String(e), { retryable: true, cause: e });
        // One lost utterance does not end the stream: the next flush uploads afresh.
        this.emit({ type: 'error', error, fatal: false });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.chain;
  }

  private emit(e: SttEvent): void {
    if (!this.closed) this.onEvent(e);
  }

  /** The transcript, or undefined when aborted by close(). */
  private async transcribe(audio: Int16Array): Promise<string | undefined> {
    const form = new FormData();
    form.append('file', new Blob([wavFile(audio, this.opts.sampleRate)], { type: 'audio/wav' }), 'audio.wav');
    form.append('model', this.opts.model ?? this.cfg.defaultModel ?? 'whisper-1');
    // The API wants ISO-639-1 ("en"), not a locale ("en-US").
    const lang = this.opts.language.split(/[-_]/)[0]?.toLowerCase();
    if (lang && lang !== 'multi') form.append('language', lang);
    form.append('response_format', 'json');
    const res = await vendorPost({
      provider: this.provider,
      url: joinUrl(this.cfg.baseUrl, 'audio/transcriptions'),
      headers: this.cfg.apiKey ? { authorization: `Bearer ${this.cfg.apiKey}` } : {},
      body: form,
      signal: this.abort.signal,
      clock: this.cfg.clock,
      timeoutMs: this.cfg.timeoutMs ?? 20_000,
      ...(this.cfg.fetch ? { fetch: this.cfg.fetch } : {}),
    });
    if (!res) return undefined;
    let body = '';
    const decoder = new TextDecoder();
    for await (const c of res.chunks()) body += decoder.decode(c, { stream: true });
    if (this.abort.signal.aborted) return undefined;
    const parsed = responseSchema.safeParse(safeJson(body));
    if (!parsed.success) {
      throw new ProviderError(this.provider, `${this.provider} sent an unreadable transcription`, {
        retryable: true,
      });
    }
    return parsed.data.text.trim();
  }
}
