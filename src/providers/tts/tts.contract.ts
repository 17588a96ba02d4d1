import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { Tts, TtsChunk, TtsRequest } from './tts.ts';

/** What the contract needs from an adapter under test. */
export interface TtsContractSubject {
  tts: Tts;
  voice: string;
  model?: string;
  /** Make the provider's next request fail with this HTTP status (absent for offline engines). */
  fail?: (status: number) => void;
  close(): Promise<void>;
}

/** Drain a synthesis. */
export async function collectSpeech(tts: Tts, req: TtsRequest, signal = new AbortController().signal) {
  const out: TtsChunk[] = [];
  for await (const c of tts.synthesize(req, signal)) out.push(c);
  return out;
}

/** The behaviour every Tts adapter must show; run against the fake, each vendor double and flite. */
export function describeTtsContract(name: string, setup: () => Promise<TtsContractSubject>): void {
  describe(`Tts contract: ${name}`, () => {
    let s: TtsContractSubject;
    const req = (text: string, sampleRate = s.tts.capabilities.sampleRates[0]!): TtsRequest => ({
      text,
      voice: s.voice,
      sampleRate,
      ...(s.model ? { model: s.model } : {}),
    });
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s.close();
    });

    it('streams non-empty PCM16 chunks at the requested supported rate', async () => {
      const rate = s.tts.capabilities.sampleRates.at(-1)!;
      const chunks = await collectSpeech(s.tts, req('Hello there. How can I help you today?', rate));
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(c.pcm).toBeInstanceOf(Int16Array);
        expect(c.pcm.length).toBeGreaterThan(0);
        expect(c.sampleRate).toBe(rate);
      }
      const ms = (chunks.reduce((n, c) => n + c.pcm.length, 0) / rate) * 1000;
      expect(ms).toBeGreaterThan(300);
      expect(chunks.some((c) => c.pcm.some((v) => Math.abs(v) > 500))).toBe(true);
    });

    it('answers an unsupported rate with a rate it supports, and says which', async () => {
      const chunks = await collectSpeech(s.tts, req('Testing one two.', 11_025));
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) expect(s.tts.capabilities.sampleRates).toContain(c.sampleRate);
    });

    it('yields nothing for empty text', async () => {
      expect(await collectSpeech(s.tts, req('  '))).toEqual([]);
    });

    it('serves concurrent requests independently', async () => {
      const [a, b] = await Promise.all([
        collectSpeech(s.tts, req('First sentence here.')),
        collectSpeech(s.tts, req('A second, rather longer sentence is spoken here.')),
      ]);
      const len = (cs: TtsChunk[]) => cs.reduce((n, c) => n + c.pcm.length, 0);
      expect(len(a)).toBeGreaterThan(0);
      expect(len(b)).toBeGreaterThan(len(a));
    });

    it('yields nothing and does not throw when aborted before the call', async () => {
      const ac = new AbortController();
      ac.abort();
      expect(await collectSpeech(s.tts, req('Never spoken.'), ac.signal)).toEqual([]);
    });

    it('stops without throwing when aborted mid-stream', async () => {
      const ac = new AbortController();
      const got: TtsChunk[] = [];
      const long = 'This is a long sentence that produces plenty of audio. '.repeat(4);
      for await (const c of s.tts.synthesize(req(long), ac.signal)) {
        got.push(c);
        ac.abort();
      }
      expect(got).toHaveLength(1);
    });

    for (const [status, retryable] of [
      [503, true],
      [401, false],
    ] as const) {
      it(`maps HTTP ${status} to a ${retryable ? 'retryable' : 'non-retryable'} ProviderError`, async (ctx) => {
        if (!s.fail) return ctx.skip();
        s.fail(status);
        const err = await collectSpeech(s.tts, req('Fail please.')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ProviderError);
        expect(err).toMatchObject({ retryable, statusCode: status });
      });
    }
  });
}
