import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import { ProviderConfigError } from './errors.ts';
import type { OnFailover } from './failover.ts';
import { AnthropicLlm } from './llm/anthropic.ts';
import { FallbackLlm } from './llm/fallback.ts';
import type { Llm } from './llm/llm.ts';
import { OfflineBrain } from './llm/offline-brain.ts';
import { OpenAiCompatibleLlm } from './llm/openai-compatible.ts';
import { DeepgramStt } from './stt/deepgram.ts';
import { FallbackStt } from './stt/fallback.ts';
import { OpenAiTranscriptionStt } from './stt/openai-transcription.ts';
import type { Stt } from './stt/stt.ts';
import { CartesiaTts } from './tts/cartesia.ts';
import { DeepgramAuraTts } from './tts/deepgram-aura.ts';
import { ElevenLabsTts } from './tts/elevenlabs.ts';
import { FallbackTts } from './tts/fallback.ts';
import { FlitePool } from './tts/flite/flite-pool.ts';
import { FliteTts } from './tts/flite/flite-tts.ts';
import { OpenAiTts } from './tts/openai-tts.ts';
import type { Tts } from './tts/tts.ts';

/** A workspace integration's key; `metadata.base_url` overrides the platform base URL (decisions §8). */
export interface ProviderCredential {
  apiKey: string;
  metadata?: Record<string, unknown>;
}

/** Which provider to build, optionally with the workspace's own credential (BYOK). */
export interface ProviderSelection {
  provider: string;
  /** Used by fallback chains: this provider's model (requests carry their own otherwise). */
  model?: string;
  credential?: ProviderCredential;
}

export interface ProviderRegistryDeps {
  providers: Config['providers'];
  clock: Clock;
  /** Worker threads for the offline voice (default: cores − 1). */
  fliteWorkers?: number;
  fetch?: typeof fetch;
}

type Capability = 'llm' | 'stt' | 'tts';
type Vendor = keyof Config['providers'];

/** Where each provider name gets its key and base URL; `keyless` = an OpenAI-compatible on-prem server may need none. */
const sources: Record<string, { vendor: Vendor; env: string; official?: string }> = {
  openai: { vendor: 'openai', env: 'OPENAI_API_KEY', official: 'https://api.openai.com/v1' },
  whisper: { vendor: 'openai', env: 'OPENAI_API_KEY', official: 'https://api.openai.com/v1' },
  groq: { vendor: 'groq', env: 'GROQ_API_KEY', official: 'https://api.groq.com/openai/v1' },
  anthropic: { vendor: 'anthropic', env: 'ANTHROPIC_API_KEY' },
  deepgram: { vendor: 'deepgram', env: 'DEEPGRAM_API_KEY' },
  elevenlabs: { vendor: 'elevenlabs', env: 'ELEVENLABS_API_KEY' },
  cartesia: { vendor: 'cartesia', env: 'CARTESIA_API_KEY' },
};

export const supportedProviders: Record<Capability, readonly string[]> = {
  llm: ['offline', 'openai', 'groq', 'anthropic'],
  stt: ['deepgram', 'openai', 'whisper'],
  tts: ['flite', 'openai', 'elevenlabs', 'cartesia', 'deepgram'],
};

/**
 * Builds provider adapters from platform config and workspace integrations. Every vendor honours its
 * base URL; a provider without a key fails here with a ProviderConfigError naming what to set.
 */
export class ProviderRegistry {
  private flitePool: FlitePool | undefined;

  constructor(private readonly deps: ProviderRegistryDeps) {}

  llm(sel: ProviderSelection): Llm {
    this.assertSupported('llm', sel.provider);
    if (sel.provider === 'offline') return new OfflineBrain({ clock: this.deps.clock });
    const { apiKey, baseUrl } = this.access(sel);
    if (sel.provider === 'anthropic') return new AnthropicLlm({ ...this.common(), baseUrl, apiKey: apiKey! });
    // OpenAI's own API has replaced max_tokens for newer models; compatible servers still read it.
    const official = baseUrl === sources.openai!.official && sel.provider === 'openai';
    return new OpenAiCompatibleLlm({
      ...this.common(),
      provider: sel.provider,
      baseUrl,
      apiKey,
      maxTokensField: official ? 'max_completion_tokens' : 'max_tokens',
    });
  }

  stt(sel: ProviderSelection): Stt {
    this.assertSupported('stt', sel.provider);
    const { apiKey, baseUrl } = this.access(sel);
    if (sel.provider === 'deepgram')
      return new DeepgramStt({ clock: this.deps.clock, baseUrl, apiKey: apiKey! });
    return new OpenAiTranscriptionStt({ ...this.common(), provider: sel.provider, baseUrl, apiKey });
  }

  tts(sel: ProviderSelection): Tts {
    this.assertSupported('tts', sel.provider);
    if (sel.provider === 'flite') return new FliteTts(this.fliteWorkers());
    const { apiKey, baseUrl } = this.access(sel);
    const o = { ...this.common(), baseUrl, apiKey: apiKey ?? '' };
    switch (sel.provider) {
      case 'openai':
        return new OpenAiTts(o);
      case 'elevenlabs':
        return new ElevenLabsTts(o);
      case 'cartesia':
        return new CartesiaTts(o);
      default:
        return new DeepgramAuraTts(o);
    }
  }

  /** An Llm that fails over along `chain` (each entry with its own model). */
  llmChain(chain: ProviderSelection[], onFailover?: OnFailover): Llm {
    if (chain.length === 1) return this.llm(chain[0]!);
    const entries = chain.map((s) => ({ llm: this.llm(s), ...(s.model ? { model: s.model } : {}) }));
    return new FallbackLlm(entries, onFailover ? { onFailover } : {});
  }

  /** An Stt that fails over along `chain`. */
  sttChain(chain: ProviderSelection[], onFailover?: OnFailover): Stt {
    if (chain.length === 1) return this.stt(chain[0]!);
    const entries = chain.map((s) => ({ stt: this.stt(s), ...(s.model ? { model: s.model } : {}) }));
    return new FallbackStt(entries, onFailover ? { onFailover } : {});
  }

  /** A Tts that fails over along `chain`; each entry names its own voice. */
  ttsChain(chain: Array<ProviderSelection & { voice?: string }>, onFailover?: OnFailover): Tts {
    if (chain.length === 1) return this.tts(chain[0]!);
    const entries = chain.map((s) => ({
      tts: this.tts(s),
      ...(s.voice ? { voice: s.voice } : {}),
      ...(s.model ? { model: s.model } : {}),
    }));
    return new FallbackTts(entries, onFailover ? { onFailover } : {});
  }

  /**
   * Why `provider` cannot serve `capability` with the platform config and this credential, or undefined
   * when it can (for refusing calls at creation with PROVIDER_NOT_CONFIGURED instead of failing later).
   */
  problem(capability: Capability, sel: ProviderSelection): ProviderConfigError | undefined {
    try {
      this.assertSupported(capability, sel.provider);
      if (sel.provider !== 'offline' && sel.provider !== 'flite') this.access(sel);
      return undefined;
    } catch (e) {
      if (e instanceof ProviderConfigError) return e;
      throw e;
    }
  }

  /** Start the offline voice's workers ahead of the first call (startup, not per call). */
  warmOfflineVoice(): Promise<void> {
    return this.fliteWorkers().warm();
  }

  /** Stop the offline voice's worker threads. */
  async close(): Promise<void> {
    await this.flitePool?.close();
    this.flitePool = undefined;
  }

  private fliteWorkers(): FlitePool {
    this.flitePool ??= new FlitePool(
      this.deps.fliteWorkers === undefined ? {} : { size: this.deps.fliteWorkers },
    );
    return this.flitePool;
  }

  private common() {
    return { clock: this.deps.clock, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) };
  }

  private assertSupported(capability: Capability, provider: string): void {
    if (!supportedProviders[capability].includes(provider)) {
      throw new ProviderConfigError(
        provider,
        `${capability.toUpperCase()} provider '${provider}' is not supported by Parley ` +
          `(supported: ${supportedProviders[capability].join(', ')})`,
      );
    }
  }

  /** Key and base URL: the integration's first, else the platform's; a missing required key throws. */
  private access(sel: ProviderSelection): { apiKey: string | undefined; baseUrl: string } {
    const src = sources[sel.provider]!;
    const platform = this.deps.providers[src.vendor] as { apiKey?: string; baseUrl: string };
    const override = sel.credential?.metadata?.base_url;
    const baseUrl = (typeof override === 'string' && override !== '' ? override : platform.baseUrl).replace(
      /\/+$/,
      '',
    );
    const apiKey = sel.credential?.apiKey || platform.apiKey;
    // An OpenAI-compatible server on another URL (Ollama, vLLM, a Whisper server) may need no key.
    const keyless = src.official !== undefined && baseUrl !== src.official;
    if (!apiKey && !keyless) {
      throw new ProviderConfigError(
        sel.provider,
        `No API key for ${sel.provider}: set ${src.env} or add ${/^[aeiou]/.test(sel.provider) ? 'an' : 'a'} ${sel.provider} integration`,
        src.env,
      );
    }
    return { apiKey, baseUrl };
  }
}
