import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { systemClock } from '../lib/clock.ts';
import { ProviderConfigError } from './errors.ts';
import { AnthropicLlm } from './llm/anthropic.ts';
import { FallbackLlm } from './llm/fallback.ts';
import { collectChat } from './llm/llm.contract.ts';
import { OfflineBrain } from './llm/offline-brain.ts';
import { AnthropicDouble } from './llm/testing/anthropic-double.ts';
import { OpenAiDouble } from './llm/testing/openai-double.ts';
import { ProviderRegistry } from './registry.ts';
import { DeepgramStt } from './stt/deepgram.ts';
import { OpenAiTranscriptionStt } from './stt/openai-transcription.ts';
import { FliteTts } from './tts/flite/flite-tts.ts';
import { TtsDouble } from './tts/testing/tts-double.ts';
import { elevenLabsStream } from './tts/testing/tts-vendors.ts';
import { collectSpeech } from './tts/tts.contract.ts';

const registry = (env: Record<string, string> = {}) =>
  new ProviderRegistry({ providers: loadConfig(env).providers, clock: systemClock, fliteWorkers: 1 });
const hi = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('ProviderRegistry.llm', () => {
  let openai: OpenAiDouble;
  beforeAll(async () => {
    openai = await OpenAiDouble.start();
  });
  afterAll(() => openai.close());

  it('refuses a keyless official provider, naming the variable and the integration', () => {
    const err = (() => {
      try {
        registry().llm({ provider: 'openai' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ProviderConfigError);
    expect(err).toMatchObject({
      retryable: false,
      envVar: 'OPENAI_API_KEY',
      message: 'No API key for openai: set OPENAI_API_KEY or add an openai integration',
    });
  });

  it('uses the platform key and base URL', async () => {
    const llm = registry({ OPENAI_API_KEY: 'sk-platform', OPENAI_BASE_URL: openai.baseUrl }).llm({
      provider: 'openai',
    });
    await collectChat(llm, hi);
    expect(openai.http.lastRequest!.headers.authorization).toBe('Bearer sk-platform');
  });

  it("prefers the workspace integration's key and metadata.base_url", async () => {
    const llm = registry({ OPENAI_API_KEY: 'sk-platform' }).llm({
      provider: 'openai',
      credential: { apiKey: 'sk-workspace', metadata: { base_url: `${openai.baseUrl}/` } },
    });
    await collectChat(llm, hi);
    expect(openai.http.lastRequest!.headers.authorization).toBe('Bearer sk-workspace');
  });

  it('lets an OpenAI-compatible on-prem server (Ollama, vLLM) run without a key', async () => {
    const llm = registry({ OPENAI_BASE_URL: openai.baseUrl }).llm({ provider: 'openai' });
    await collectChat(llm, hi);
    expect(openai.http.lastRequest!.headers.authorization).toBeUndefined();
  });

  it('builds Groq on GROQ_BASE_URL and Anthropic on ANTHROPIC_BASE_URL', async () => {
    const anthropic = await AnthropicDouble.start({ apiKey: 'sk-ant' });
    const r = registry({
      GROQ_API_KEY: 'gsk',
      GROQ_BASE_URL: openai.baseUrl,
      ANTHROPIC_API_KEY: 'sk-ant',
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
    });
    const groq = r.llm({ provider: 'groq' });
    expect(groq.provider).toBe('groq');
    await collectChat(groq, hi);
    expect(openai.http.lastRequest!.headers.authorization).toBe('Bearer gsk');
    const claude = r.llm({ provider: 'anthropic' });
    expect(claude).toBeInstanceOf(AnthropicLlm);
    await collectChat(claude, hi);
    expect(anthropic.http.requests).toHaveLength(1);
    await anthropic.close();
  });

  it('builds the offline brain with no keys at all', () => {
    expect(registry().llm({ provider: 'offline' })).toBeInstanceOf(OfflineBrain);
  });

  it('refuses unsupported providers clearly', () => {
    expect(() => registry().llm({ provider: 'shisa' })).toThrow(
      "LLM provider 'shisa' is not supported by Parley (supported: offline, openai, groq, anthropic)",
    );
  });

  it('chains providers into a failover Llm with per-provider models', async () => {
    openai.fail(503);
    openai.reply({ text: 'second' });
    const llm = registry({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: openai.baseUrl }).llmChain([
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'openai', model: 'gpt-4o-mini' },
    ]);
    expect(llm).toBeInstanceOf(FallbackLlm);
    const chunks = await collectChat(llm, hi);
    expect(chunks[0]).toEqual({ type: 'text', text: 'second' });
    expect(openai.bodies.at(-1)!.model).toBe('gpt-4o-mini');
  });
});

describe('ProviderRegistry.stt and .tts', () => {
  it('builds Deepgram with DEEPGRAM_API_KEY and names it when missing', () => {
    expect(registry({ DEEPGRAM_API_KEY: 'dg' }).stt({ provider: 'deepgram' })).toBeInstanceOf(DeepgramStt);
    expect(registry().problem('stt', { provider: 'deepgram' })).toMatchObject({ envVar: 'DEEPGRAM_API_KEY' });
    expect(registry().problem('stt', { provider: 'assembly_ai' })?.message).toContain('not supported');
  });

  it('builds a Whisper server from a whisper integration with a base_url', () => {
    const stt = registry().stt({
      provider: 'whisper',
      credential: { apiKey: '', metadata: { base_url: 'http://127.0.0.1:9000/v1' } },
    });
    expect(stt).toBeInstanceOf(OpenAiTranscriptionStt);
    expect(stt.provider).toBe('whisper');
  });

  it('serves the offline flite voice with no keys, and ElevenLabs only with a key', async () => {
    const r = registry();
    try {
      const flite = r.tts({ provider: 'flite' });
      expect(flite).toBeInstanceOf(FliteTts);
      expect(
        (await collectSpeech(flite, { text: 'Hi.', voice: 'kal', sampleRate: 8000 })).length,
      ).toBeGreaterThan(0);
      expect(r.problem('tts', { provider: 'flite' })).toBeUndefined();
      expect(() => r.tts({ provider: 'elevenlabs' })).toThrow(
        'set ELEVENLABS_API_KEY or add an elevenlabs integration',
      );
    } finally {
      await r.close();
    }
  });

  it('points ElevenLabs at ELEVENLABS_BASE_URL with the integration key', async () => {
    const double = await TtsDouble.start(elevenLabsStream, { apiKey: 'xi-ws' });
    const tts = registry({ ELEVENLABS_API_KEY: 'xi-platform', ELEVENLABS_BASE_URL: double.url }).tts({
      provider: 'elevenlabs',
      credential: { apiKey: 'xi-ws' },
    });
    const chunks = await collectSpeech(tts, { text: 'Hello.', voice: 'v', sampleRate: 16_000 });
    await double.close();
    expect(chunks.length).toBeGreaterThan(0);
  });
});
