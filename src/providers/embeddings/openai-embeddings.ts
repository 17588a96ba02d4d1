import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { joinUrl, vendorPost } from '../vendor-http.ts';
import type { Embeddings } from './embeddings.ts';

export interface OpenAiEmbeddingsOptions {
  provider?: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey: string | undefined;
  model?: string;
  clock: Clock;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Inputs per request: 64 × a 4096-token chunk stays under the documented 300k-token request cap. */
const batchSize = 64;

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/** POST /embeddings on OpenAI or any server that speaks its protocol (vLLM, Ollama's /v1, LiteLLM…). */
export class OpenAiEmbeddings implements Embeddings {
  readonly provider: string;
  readonly model: string;
  constructor(private readonly opts: OpenAiEmbeddingsOptions) {
    this.provider = opts.provider ?? 'openai';
    this.model = opts.model ?? 'text-embedding-3-small';
  }

  async embed(texts: string[], signal: AbortSignal = new AbortController().signal): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize)
      out.push(...(await this.batch(texts.slice(i, i + batchSize), signal)));
    return out;
  }

  private async batch(input: string[], signal: AbortSignal): Promise<number[][]> {
    const p = this.provider;
    const res = await vendorPost({
      provider: p,
      url: joinUrl(this.opts.baseUrl, 'embeddings'),
      headers: {
        'content-type': 'application/json',
        ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
      },
      // The API refuses empty strings; a single space embeds as "nothing".
      body: JSON.stringify({
        model: this.model,
        input: input.map((t) => t || ' '),
        encoding_format: 'float',
      }),
      signal,
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 30_000,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
    });
    if (!res) throw new ProviderError(p, `${p} embeddings request aborted`, { retryable: true });
    const parts: Uint8Array[] = [];
    for await (const c of res.chunks()) parts.push(c);
    let parsed: z.infer<typeof responseSchema>;
    try {
      parsed = responseSchema.parse(JSON.parse(Buffer.concat(parts).toString('utf8')));
    } catch (e) {
      throw new ProviderError(p, `${p} embeddings response is not the documented shape`, {
        retryable: false,
        cause: e,
      });
    }
    const vectors = new Array<number[] | undefined>(input.length);
    for (const d of parsed.data) vectors[d.index] = d.embedding;
    if (vectors.some((v) => v === undefined) || parsed.data.length !== input.length)
      throw new ProviderError(
        p,
        `${p} returned ${parsed.data.length} embeddings for ${input.length} inputs`,
        { retryable: false },
      );
    return vectors as number[][];
  }
}
