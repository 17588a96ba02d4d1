import { describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.ts';
import { expectPrewarmedConnection } from '../testing/prewarm-check.ts';
import { CartesiaTts } from './cartesia.ts';
import { DeepgramAuraTts } from './deepgram-aura.ts';
import { ElevenLabsTts } from './elevenlabs.ts';
import { OpenAiTts } from './openai-tts.ts';
import { pcmChunks } from './pcm-stream.ts';
import { TtsDouble, type TtsDoubleOptions } from './testing/tts-double.ts';
import { cartesiaBytes, deepgramSpeak, elevenLabsStream, openAiSpeech } from './testing/tts-vendors.ts';
import { collectSpeech, describeTtsContract } from './tts.contract.ts';
import type { Tts } from './tts.ts';

const apiKey = 'tts-key-1';
const vendors = [
  {
    spec: openAiSpeech,
    make: (url: string) => new OpenAiTts({ baseUrl: `${url}/v1`, apiKey, clock: systemClock }),
    voice: 'alloy',
    model: 'gpt-4o-mini-tts',
  },
  {
    spec: elevenLabsStream,
    make: (url: string) => new ElevenLabsTts({ baseUrl: url, apiKey, clock: systemClock }),
    voice: '21m00Tcm4TlvDq8ikWAM',
  },
  {
    spec: cartesiaBytes,
    make: (url: string) => new CartesiaTts({ baseUrl: url, apiKey, clock: systemClock }),
    voice: 'a0e99841-438c-4a64-b679-ae501e7d6091',
  },
  {
    spec: deepgramSpeak,
    make: (url: string) => new DeepgramAuraTts({ baseUrl: url, apiKey, clock: systemClock }),
    voice: 'aura-asteria-en',
  },
];

for (const v of vendors) {
  describeTtsContract(`${v.spec.name} over its protocol double`, async () => {
    const double = await TtsDouble.start(v.spec, { apiKey });
    return {
      tts: v.make(double.url),
      voice: v.voice,
      ...(v.model ? { model: v.model } : {}),
      fail: (status) => double.fail(status),
      close: () => double.close(),
    };
  });
}

async function lastRequestFor(
  make: (url: string) => Tts,
  spec: typeof openAiSpeech,
  sampleRate: number,
  opts: TtsDoubleOptions = {},
) {
  const double = await TtsDouble.start(spec, { apiKey, ...opts });
  try {
    const chunks = await collectSpeech(make(double.url), {
      text: 'Hi there.',
      voice: 'v1',
      sampleRate,
      speed: 1.1,
      stability: 0.4,
    });
    const req = double.http.lastRequest!;
    return { chunks, req, body: JSON.parse(req.body.toString()), double };
  } finally {
    await double.close();
  }
}

describe('TTS adapters on the wire', () => {
  for (const v of vendors) {
    it(`${v.spec.name}: opens its connection ahead of the next synthesis when prewarmed, sending nothing`, async () => {
      const double = await TtsDouble.start(v.spec, { apiKey });
      const tts = v.make(double.url);
      const req = { text: 'Hi there.', voice: v.voice, sampleRate: tts.capabilities.sampleRates[0]! };
      try {
        await expectPrewarmedConnection(
          double.http,
          () => tts.prewarm(),
          () => collectSpeech(tts, req),
        );
      } finally {
        await double.close();
      }
    });
  }

  it('OpenAI: Bearer auth, pcm format, model, voice, input, speed', async () => {
    const { req, body } = await lastRequestFor(
      (u) => new OpenAiTts({ baseUrl: `${u}/v1`, apiKey, clock: systemClock }),
      openAiSpeech,
      24_000,
    );
    expect(req.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'v1',
      input: 'Hi there.',
      response_format: 'pcm',
      speed: 1.1,
    });
  });

  it('ElevenLabs: xi-api-key, voice in the path, nearest pcm output_format, voice_settings', async () => {
    const { req, body, chunks } = await lastRequestFor(
      (u) => new ElevenLabsTts({ baseUrl: u, apiKey, clock: systemClock }),
      elevenLabsStream,
      8000,
    );
    expect(req.headers['xi-api-key']).toBe(apiKey);
    expect(req.path).toBe('/v1/text-to-speech/v1/stream');
    expect(req.query.get('output_format')).toBe('pcm_8000');
    expect(body).toEqual({
      text: 'Hi there.',
      model_id: 'eleven_flash_v2_5',
      voice_settings: { stability: 0.4, similarity_boost: 0.75, speed: 1.1 },
    });
    expect(chunks[0]!.sampleRate).toBe(8000);
  });

  it('Cartesia: version header, key, raw pcm_s16le output format', async () => {
    const { req, body } = await lastRequestFor(
      (u) => new CartesiaTts({ baseUrl: u, apiKey, clock: systemClock }),
      cartesiaBytes,
      16_000,
    );
    expect(req.headers['cartesia-version']).toBe('2025-04-16');
    expect(req.headers['x-api-key']).toBe(apiKey);
    expect(body).toEqual({
      model_id: 'sonic-2',
      transcript: 'Hi there.',
      voice: { mode: 'id', id: 'v1' },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16_000 },
    });
  });

  it('Deepgram Aura: Token auth, the voice as model, linear16 without container', async () => {
    const make = (u: string) => new DeepgramAuraTts({ baseUrl: u, apiKey, clock: systemClock });
    const double = await TtsDouble.start(deepgramSpeak, { apiKey });
    await collectSpeech(make(double.url), { text: 'Hello.', voice: 'aura-orion-en', sampleRate: 22_050 });
    const req = double.http.lastRequest!;
    await double.close();
    expect(req.headers.authorization).toBe(`Token ${apiKey}`);
    expect(Object.fromEntries(req.query)).toEqual({
      model: 'aura-orion-en',
      encoding: 'linear16',
      sample_rate: '24000',
      container: 'none',
    });
    expect(JSON.parse(req.body.toString())).toEqual({ text: 'Hello.' });
  });

  it('returns every sample the vendor sent, re-aligned across odd-sized network chunks', async () => {
    const double = await TtsDouble.start(openAiSpeech, { apiKey, chunkBytes: 333 });
    const text = 'Odd chunk sizes must not lose or shift samples.';
    const chunks = await collectSpeech(
      new OpenAiTts({ baseUrl: `${double.url}/v1`, apiKey, clock: systemClock }),
      {
        text,
        voice: 'alloy',
        sampleRate: 24_000,
      },
    );
    await double.close();
    expect(chunks.reduce((n, c) => n + c.pcm.length, 0)).toBe(double.samplesFor(text, 24_000));
  });

  it('fails with a retryable error when the vendor drops the stream', async () => {
    const double = await TtsDouble.start(openAiSpeech, { apiKey, chunkBytes: 1000, dropAfterWrites: 2 });
    const err = await collectSpeech(
      new OpenAiTts({ baseUrl: `${double.url}/v1`, apiKey, clock: systemClock }),
      {
        text: 'This will break halfway through the audio stream.',
        voice: 'alloy',
        sampleRate: 24_000,
      },
    ).catch((e: unknown) => e);
    await double.close();
    expect(err).toMatchObject({ retryable: true, provider: 'openai' });
  });
});

describe('pcmChunks', () => {
  it('carries odd bytes, including one-byte reads, without losing samples', async () => {
    async function* parts() {
      yield Uint8Array.of(1);
      yield Uint8Array.of(0, 2);
      yield Uint8Array.of();
      yield Uint8Array.of(0);
      yield Uint8Array.of(3, 0, 4, 0);
    }
    const out: number[] = [];
    for await (const c of pcmChunks(parts(), 8000)) out.push(...c.pcm);
    expect(out).toEqual([1, 2, 3, 4]);
  });
});
